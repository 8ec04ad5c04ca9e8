import { createHmac } from "node:crypto";
import { type CheckContext, defineProvider, ProviderCheckError } from "@plugboard/core";
import { type GraphErrorBody, graphFailure } from "./graph-errors.js";
import { type InstagramConfig, instagramConfigSchema } from "./instagram-schema.js";

const HOSTS = { instagram: "https://graph.instagram.com", facebook: "https://graph.facebook.com" } as const;

/**
 * When Graph refuses a token, a word on its kind if its prefix says it belongs to the other login: tokens
 * issued by Instagram Login are seen to start with "IG" (IGAA…, formerly IGQV…), Facebook tokens with "EAA".
 * Meta documents tokens as opaque, so this only words a hint after a refusal; validation never relies on it.
 */
function wrongLoginHint(config: InstagramConfig): string | undefined {
  if (config.login_type === "instagram" && config.access_token.startsWith("EAA"))
    return 'The token looks like a Facebook Login token (EAA…): set login_type to "facebook" with ig_user_id.';
  if (config.login_type === "facebook" && config.access_token.startsWith("IG"))
    return 'The token looks like an Instagram Login token (IG…): set login_type to "instagram".';
  return undefined;
}

/** One Graph GET with the token in the Authorization header (never in the URL, so it stays out of logs). */
async function graphGet<T>(
  ctx: CheckContext,
  url: URL,
  token: string,
  what: string,
  tokenHint?: string,
): Promise<T> {
  const response = await ctx.fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: ctx.signal,
  });
  const body = (await response.json().catch(() => ({}))) as T & GraphErrorBody;
  if (!response.ok || body.error) throw graphFailure(response.status, body, what, tokenHint);
  return body;
}

interface DebugToken {
  data?: {
    is_valid?: boolean;
    app_id?: string;
    expires_at?: number;
    scopes?: string[];
    error?: { code?: number; error_subcode?: number; message?: string };
  };
}

/** Facebook Login only: debug_token with the app token, for validity, scopes, expiry and the app. */
async function inspectToken(ctx: CheckContext, config: Extract<InstagramConfig, { login_type: "facebook" }>) {
  const url = new URL(`${HOSTS.facebook}/${config.graph_api_version}/debug_token`);
  url.searchParams.set("input_token", config.access_token);
  const appToken = `${config.app_id}|${config.app_secret}`;
  const { data = {} } = await graphGet<DebugToken>(ctx, url, appToken, "the token inspection");
  if (!data.is_valid) {
    throw graphFailure(
      400,
      {
        error: {
          code: data.error?.code ?? 190,
          ...(data.error?.error_subcode ? { error_subcode: data.error.error_subcode } : {}),
          message: data.error?.message ?? "token is not valid",
        },
      },
      "the token",
      wrongLoginHint(config),
    );
  }
  if (data.app_id && data.app_id !== config.app_id) {
    throw new ProviderCheckError(
      "invalid_config",
      `The token was issued to app ${data.app_id}, not the configured app ${config.app_id}.`,
    );
  }
  const granted = new Set(data.scopes ?? []);
  const missing = ["instagram_basic", ...(config.required_scopes ?? [])].filter(
    (scope) => !granted.has(scope),
  );
  if (missing.length > 0) {
    throw new ProviderCheckError(
      "permission_denied",
      `The token lacks ${missing.join(", ")}: reconnect the account granting ${missing.length > 1 ? "them" : "it"}.`,
      {
        providerResponse: { missing_scopes: missing },
      },
    );
  }
  return data;
}

export default defineProvider({
  type: "instagram",
  displayName: "Instagram",
  description:
    "An Instagram professional account through the Instagram Graph API (Instagram Login or Facebook Login).",
  docsUrl: "https://plugboard.dev/docs/providers/instagram",
  configSchema: instagramConfigSchema,
  secretFields: ["access_token", "app_secret"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    if (config.login_type === "instagram") {
      const url = new URL(`${HOSTS.instagram}/${config.graph_api_version}/me`);
      url.searchParams.set("fields", "user_id,username");
      const me = await ctx.step("read account", () =>
        graphGet<{ user_id?: string | number; username?: string }>(
          ctx,
          url,
          config.access_token,
          "the account",
          wrongLoginHint(config),
        ),
      );
      const userId = me.user_id === undefined ? undefined : String(me.user_id);
      if (config.ig_user_id && userId !== config.ig_user_id) {
        throw new ProviderCheckError(
          "invalid_config",
          `The token belongs to account ${userId}, not the configured ${config.ig_user_id}.`,
        );
      }
      return {
        message: `Read Instagram account @${me.username} (${userId}).`,
        providerResponse: { user_id: userId, username: me.username },
      };
    }
    const url = new URL(`${HOSTS.facebook}/${config.graph_api_version}/${config.ig_user_id}`);
    url.searchParams.set("fields", "id,username");
    if (config.app_secret) {
      // Apps with "Require App Secret" refuse calls without this proof.
      url.searchParams.set(
        "appsecret_proof",
        createHmac("sha256", config.app_secret).update(config.access_token).digest("hex"),
      );
    }
    const inspection =
      config.app_id && config.app_secret
        ? ctx.step("inspect token", () => inspectToken(ctx, config))
        : undefined;
    const account = ctx.step("read account", () =>
      graphGet<{ id?: string; username?: string }>(
        ctx,
        url,
        config.access_token,
        `Instagram account ${config.ig_user_id}`,
        wrongLoginHint(config),
      ),
    );
    const [token, ig] = await Promise.all([inspection, account]);
    const expires = token?.expires_at
      ? ` The token expires ${new Date(token.expires_at * 1000).toISOString().slice(0, 10)}.`
      : "";
    return {
      message: `Read Instagram account @${ig.username} (${ig.id}) through Facebook Login.${expires}`,
      providerResponse: { id: ig.id, username: ig.username },
    };
  },
});
