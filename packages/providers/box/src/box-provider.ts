import { type CheckContext, defineProvider } from "@plugboard/core";
import { boxFailure } from "./box-errors.js";
import { type BoxConfig, boxConfigSchema } from "./box-schema.js";
import { fetchBoxToken, tokenCacheKey } from "./box-token.js";

const BOX_API = "https://api.box.com/2.0";

interface BoxUser {
  id?: string;
  name?: string;
  login?: string;
}

interface BoxFolder {
  id?: string;
  name?: string;
}

/** GETs a Box API resource with the token; a 401 also drops a cached token. */
async function boxGet<T>(ctx: CheckContext, config: BoxConfig, token: string, path: string, what: string) {
  const response = await ctx.fetch(`${BOX_API}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    signal: ctx.signal,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && config.credentials.type !== "developer_token")
      ctx.tokens.invalidate(tokenCacheKey(config.credentials));
    throw boxFailure(response, body, what);
  }
  return body as T;
}

/** `box`: a Box folder, read by a JWT or client-credentials app (or a developer token, for trials). */
export default defineProvider({
  type: "box",
  displayName: "Box",
  description: "Files in a Box folder, read by a Box Platform app.",
  docsUrl: "https://plugboard.dev/docs/providers/box",
  configSchema: boxConfigSchema,
  secretFields: [
    "credentials.app_config.boxAppSettings.clientSecret",
    "credentials.app_config.boxAppSettings.appAuth.privateKey",
    "credentials.app_config.boxAppSettings.appAuth.passphrase",
    "credentials.app_config.webhooks.primaryKey",
    "credentials.app_config.webhooks.secondaryKey",
    "credentials.client_secret",
    "credentials.developer_token",
  ],
  minimalRoundTrips: 2,
  async check(config, ctx) {
    const { credentials } = config;
    const { token, cached } =
      credentials.type === "developer_token"
        ? { token: credentials.developer_token, cached: false }
        : await ctx.step("authenticate", () =>
            ctx.tokens.getOrFetch(tokenCacheKey(credentials), () => fetchBoxToken(credentials, ctx)),
          );
    // Both prove something different with the same token, so they go out together.
    const folderWhat = `folder "${config.folder_id}"`;
    const [user, folder] = await Promise.all([
      ctx.step("identify user", () =>
        boxGet<BoxUser>(ctx, config, token, "/users/me?fields=id,name,login", "the current user"),
      ),
      ctx.step("open folder", () =>
        boxGet<BoxFolder>(
          ctx,
          config,
          token,
          `/folders/${encodeURIComponent(config.folder_id)}?fields=id,name`,
          folderWhat,
        ),
      ),
    ]);
    return {
      message: `Signed in to Box as ${user.login ?? user.name ?? "the app"} and opened folder "${folder.name ?? config.folder_id}".`,
      providerResponse: { user_id: user.id, folder_id: folder.id, token_cached: cached },
    };
  },
});
