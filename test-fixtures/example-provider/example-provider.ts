import { defineProvider, ProviderCheckError } from "@plugboard/core";
import { type ExampleConfig, exampleConfigSchema } from "./example-schema.js";

function authorization(credentials: ExampleConfig["credentials"]): string {
  if (credentials.type === "api_key") return `Bearer ${credentials.api_key}`;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/** Maps the Notes API's documented error statuses to result categories. */
function failureFor(
  response: Response,
  body: { error?: { code?: string; message?: string } },
  what: string,
): ProviderCheckError {
  const providerResponse = { status: response.status, code: body.error?.code };
  const reason = body.error?.message ?? `HTTP ${response.status}`;
  switch (response.status) {
    case 401:
      return new ProviderCheckError("auth_failed", `The Notes API refused the credentials (${reason}).`, {
        providerResponse,
      });
    case 403:
      return new ProviderCheckError(
        "permission_denied",
        `The credentials may not read ${what} (${reason}).`,
        { providerResponse },
      );
    case 404:
      return new ProviderCheckError("not_found", `${what} does not exist (${reason}).`, { providerResponse });
    case 429: {
      const retryAfter = Number(response.headers.get("retry-after"));
      return new ProviderCheckError("rate_limited", "The Notes API is rate limiting requests.", {
        providerResponse,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    default:
      return new ProviderCheckError(
        "provider_error",
        `The Notes API answered ${response.status} (${reason}).`,
        { providerResponse },
      );
  }
}

interface WorkspaceBody {
  error?: { code?: string; message?: string };
  name?: string;
  notes?: number;
}

/**
 * The example provider the testkit's own tests run against: small, but written the way a real one is
 * (one round trip per fact it proves, documented error bodies mapped to categories, fetch through `ctx`).
 */
export const exampleProvider = defineProvider({
  type: "example_notes",
  displayName: "Example Notes API",
  description: "A small notes API used to exercise the Plugboard conformance suite.",
  docsUrl: "https://plugboard.dev/docs/authoring-a-provider",
  configSchema: exampleConfigSchema,
  secretFields: ["credentials.api_key", "credentials.password"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    const url = new URL(`/v1/workspaces/${encodeURIComponent(config.workspace)}`, config.base_url);
    const body = await ctx.step("open workspace", async () => {
      const response = await ctx.fetch(url, {
        headers: { authorization: authorization(config.credentials) },
        signal: ctx.signal,
      });
      const json = (await response.json().catch(() => ({}))) as WorkspaceBody;
      if (!response.ok) throw failureFor(response, json, `workspace "${config.workspace}"`);
      return json;
    });
    return {
      message: `Opened workspace "${body.name ?? config.workspace}" (${body.notes ?? 0} notes).`,
      providerResponse: { notes: body.notes },
    };
  },
});
