// A third-party-style plugin written only against the public API of @plugboard/core.
import { defineProvider, ProviderCheckError } from "@plugboard/core";
import * as z from "zod";

const configSchema = z.strictObject({
  url: z.url().meta({ title: "Status endpoint", examples: ["https://status.example.com/api/status"] }),
  token: z.string().min(4).meta({ title: "Access token" }),
});

export default defineProvider({
  type: "status_page",
  displayName: "Status Page",
  description: "Checks a status endpoint that requires a bearer token.",
  docsUrl: "https://plugboard.dev/docs/authoring-a-provider",
  configSchema,
  secretFields: ["token"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    const response = await ctx.step("fetch status", () =>
      ctx.fetch(config.url, { headers: { authorization: `Bearer ${config.token}` }, signal: ctx.signal }),
    );
    if (response.status === 401)
      throw new ProviderCheckError("auth_failed", "The status endpoint refused the token.");
    if (response.status === 404)
      throw new ProviderCheckError("not_found", "There is no status endpoint at this URL.");
    if (!response.ok)
      throw new ProviderCheckError("provider_error", `The status endpoint answered ${response.status}.`);
    const body = await response.json();
    return { message: `Status: ${body.status}.`, providerResponse: { status: body.status } };
  },
});
