import { type CheckContext, defineProvider, ProviderCheckError } from "@plugboard/core";
import { type ProvableScope, SCOPE_PROBES } from "./scope-probes.js";
import { apiFailure, oauthFailure, type TiktokEnvelope, type TiktokOAuthError } from "./tiktok-errors.js";
import { type TiktokConfig, tiktokConfigSchema } from "./tiktok-schema.js";

const API_ORIGIN = "https://open.tiktokapis.com";

type UserConfig = Extract<TiktokConfig, { mode: "user" }>;
type ClientConfig = Extract<TiktokConfig, { mode: "client_credentials" }>;

interface TiktokUser {
  open_id?: string;
  union_id?: string;
  display_name?: string;
}

/** One API v2 read with the user's token; success is HTTP 2xx *and* `error.code === "ok"`. */
async function probeScope<T>(ctx: CheckContext, config: UserConfig, scope: ProvableScope): Promise<T> {
  const probe = SCOPE_PROBES[scope];
  const response = await ctx.fetch(`${API_ORIGIN}${probe.path}`, {
    method: probe.method,
    headers: {
      authorization: `Bearer ${config.access_token}`,
      ...(probe.body === undefined ? {} : { "content-type": "application/json; charset=UTF-8" }),
    },
    ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
    signal: ctx.signal,
  });
  const envelope = (await response.json().catch(() => ({}))) as TiktokEnvelope<T>;
  if (!response.ok || envelope.error?.code !== "ok") {
    throw apiFailure(response, envelope, scope, config.refresh_token !== undefined);
  }
  return envelope.data as T;
}

/** User mode: one parallel read per required scope, the basic profile always among them. */
async function checkUser(ctx: CheckContext, config: UserConfig) {
  const others = [...new Set(config.required_scopes ?? [])].filter((scope) => scope !== "user.info.basic");
  const [basic] = await Promise.all([
    ctx.step("read user", () => probeScope<{ user?: TiktokUser }>(ctx, config, "user.info.basic")),
    ...others.map((scope) => ctx.step(`scope ${scope}`, () => probeScope(ctx, config, scope))),
  ]);
  const user = basic?.user ?? {};
  if (config.open_id && user.open_id !== config.open_id) {
    throw new ProviderCheckError(
      "invalid_config",
      `The token belongs to TikTok user ${user.open_id}, not the configured open_id ${config.open_id}.`,
    );
  }
  const proven = ["user.info.basic", ...others].join(", ");
  return {
    message: `Read TikTok user ${user.display_name ?? user.open_id} with scopes ${proven}.`,
    providerResponse: { open_id: user.open_id, display_name: user.display_name, scopes: proven },
  };
}

/** Client mode: the client-credentials token request is the proof; the token itself is never kept. */
async function checkClient(ctx: CheckContext, config: ClientConfig) {
  const response = await ctx.step("request client token", () =>
    ctx.fetch(`${API_ORIGIN}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "cache-control": "no-cache" },
      body: new URLSearchParams({
        client_key: config.client_key,
        client_secret: config.client_secret,
        grant_type: "client_credentials",
      }),
      signal: ctx.signal,
    }),
  );
  const body = (await response.json().catch(() => ({}))) as TiktokOAuthError & {
    access_token?: unknown;
    expires_in?: number;
  };
  // TikTok can report an OAuth error with HTTP 200: the body decides.
  if (!response.ok || body.error || typeof body.access_token !== "string") {
    throw oauthFailure(response, body);
  }
  return {
    message: `TikTok issued a client access token to app ${config.client_key} (valid ${body.expires_in ?? "?"} s).`,
    providerResponse: { expires_in: body.expires_in },
  };
}

export default defineProvider({
  type: "tiktok",
  displayName: "TikTok",
  description:
    "A TikTok user's account through Login Kit tokens, or an app's client credentials, on the TikTok API v2.",
  docsUrl: "https://plugboard.dev/docs/providers/tiktok",
  configSchema: tiktokConfigSchema,
  secretFields: ["access_token", "refresh_token", "client_secret"],
  minimalRoundTrips: 1,
  check: (config, ctx) => (config.mode === "user" ? checkUser(ctx, config) : checkClient(ctx, config)),
});
