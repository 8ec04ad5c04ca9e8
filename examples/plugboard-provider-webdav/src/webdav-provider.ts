import { defineProvider, discardBody, ProviderCheckError } from "@plugboard/core";
import { type WebdavConfig, webdavConfigSchema } from "./webdav-schema.js";

const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>';

function authorization(auth: WebdavConfig["auth"]): string {
  return auth.type === "basic"
    ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`
    : `Bearer ${auth.token}`;
}

export default defineProvider({
  type: "webdav",
  displayName: "WebDAV",
  description: "A folder on a WebDAV server (Nextcloud, ownCloud, Apache mod_dav, …).",
  docsUrl: "https://example.com/docs/plugboard-provider-webdav",
  configSchema: webdavConfigSchema,
  // Every sensitive value, as dot paths: redacted in responses, scrubbed from every message.
  secretFields: ["auth.password", "auth.token"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    const root = new URL(config.root_path, config.base_url);
    // PROPFIND with Depth 0: the folder's own properties, one request, nothing listed or changed.
    const response = await ctx.fetch(root, {
      method: "PROPFIND",
      headers: {
        authorization: authorization(config.auth),
        depth: "0",
        "content-type": 'application/xml; charset="utf-8"',
      },
      body: PROPFIND_BODY,
      signal: ctx.signal,
    });
    const providerResponse = { status: response.status };
    if (response.status !== 207) {
      await discardBody(response);
      if (response.status === 401)
        throw new ProviderCheckError("auth_failed", "The server refused the credentials.", {
          providerResponse,
        });
      if (response.status === 403)
        throw new ProviderCheckError("permission_denied", `The account may not read ${root.pathname}.`, {
          providerResponse,
        });
      if (response.status === 404)
        throw new ProviderCheckError("not_found", `${root.pathname} does not exist on the server.`, {
          providerResponse,
        });
      if (response.status === 405 || response.ok)
        throw new ProviderCheckError(
          "invalid_config",
          `${root.host} is not a WebDAV server (PROPFIND answered ${response.status}).`,
          { providerResponse },
        );
      throw new ProviderCheckError("provider_error", `The server answered ${response.status}.`, {
        providerResponse,
      });
    }
    const body = (await response.text()).slice(0, 65_536);
    if (!/<([a-z0-9]+:)?collection\s*\/>/i.test(body)) {
      throw new ProviderCheckError("invalid_config", `${root.pathname} is a file, not a folder.`, {
        providerResponse,
      });
    }
    return { message: `Read folder ${root.pathname} on ${root.host}.`, providerResponse };
  },
});
