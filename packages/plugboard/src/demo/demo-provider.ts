import { defineProvider, httpUrlSchema, ProviderCheckError } from "@plugboard/core";
import * as z from "zod";

/**
 * The provider `plugboard demo` registers next to the built-ins: a bearer-token check of the local API the
 * demo starts, so the command shows a real test (guarded fetch, steps, categories) on a machine with no
 * credentials and no network.
 */
export const demoProvider = defineProvider({
  type: "demo_api",
  displayName: "Demo API (local)",
  description: "The local API started by `plugboard demo`.",
  docsUrl: "https://plugboard.dev/docs/getting-started",
  configSchema: z.strictObject({
    base_url: httpUrlSchema().meta({ title: "Base URL" }),
    api_key: z.string().min(8).meta({ title: "API key" }),
  }),
  secretFields: ["api_key"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    const me = await ctx.step("authenticate", async () => {
      const response = await ctx.fetch(new URL("/v1/me", config.base_url), {
        headers: { authorization: `Bearer ${config.api_key}` },
        signal: ctx.signal,
      });
      if (response.status === 401) {
        // The body is passed on as-is; the core scrubs the key out of it if the API echoed it.
        throw new ProviderCheckError("auth_failed", "The API refused the key.", {
          providerResponse: await response.json(),
        });
      }
      if (!response.ok)
        throw new ProviderCheckError("provider_error", `The API answered ${response.status}.`);
      return (await response.json()) as { account: string };
    });
    return { message: `Authenticated as ${me.account}.`, providerResponse: me };
  },
});
