import { type CheckContext, defineProvider, ProviderCheckError } from "@plugboard/core";
import { fetchGraphToken, tokenCacheKey } from "./entra-token.js";
import { graphFailure } from "./graph-errors.js";
import { NATIONAL_CLOUDS, type SharepointConfig, sharepointConfigSchema } from "./sharepoint-schema.js";

interface Site {
  id: string;
  displayName?: string;
  webUrl?: string;
}

interface Drive {
  id: string;
  name?: string;
  driveType?: string;
  webUrl?: string;
}

/** The library's name in its address (`Shared Documents` for the library named "Documents"), decoded. */
function urlName(drive: Drive): string | undefined {
  const last = drive.webUrl?.replace(/\/+$/, "").split("/").at(-1);
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The Graph path of the configured site: `/sites/{hostname}:/{path}` for a URL, `/sites/{id}` for an id. */
export function sitePath(config: SharepointConfig): string {
  if (config.site_id) return `/sites/${encodeURIComponent(config.site_id)}`;
  const url = new URL(config.site_url as string);
  const path = url.pathname.replace(/\/+$/, "");
  return path ? `/sites/${url.hostname}:${path}` : `/sites/${url.hostname}`;
}

/** GETs a Graph resource with the token; a 401 also drops the cached token. */
async function graphGet<T>(
  ctx: CheckContext,
  config: SharepointConfig,
  token: string,
  path: string,
  what: string,
) {
  const url = `${NATIONAL_CLOUDS[config.cloud].graph}/v1.0${path}`;
  const response = await ctx.fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    signal: ctx.signal,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401) ctx.tokens.invalidate(tokenCacheKey(config));
    throw graphFailure(response, body, what);
  }
  return body as T;
}

function pickLibrary(config: SharepointConfig, drives: Drive[], siteName: string): Drive {
  const libraries = drives.filter(
    (drive) => drive.driveType === undefined || drive.driveType === "documentLibrary",
  );
  const named = (name: string) => {
    const wantedName = name.toLowerCase();
    // By its name, else by the name in its address, which is what the browser shows ("Shared Documents").
    return (
      libraries.find((drive) => drive.name?.toLowerCase() === wantedName) ??
      libraries.find((drive) => urlName(drive)?.toLowerCase() === wantedName)
    );
  };
  const wanted = config.drive_id
    ? libraries.find((drive) => drive.id === config.drive_id)
    : config.drive_name
      ? named(config.drive_name)
      : (libraries.find((drive) => drive.name === "Documents") ?? libraries[0]);
  if (wanted) return wanted;
  const known = libraries.map((drive) => `"${drive.name ?? drive.id}"`).join(", ") || "none";
  const asked = config.drive_id ? `id "${config.drive_id}"` : `"${config.drive_name ?? "Documents"}"`;
  throw new ProviderCheckError(
    "not_found",
    `Site "${siteName}" has no document library ${asked} visible to the app (libraries: ${known}).`,
    { providerResponse: { libraries: libraries.length } },
  );
}

/** `sharepoint`: document libraries of a SharePoint Online site, through Microsoft Graph with an app registration. */
export default defineProvider({
  type: "sharepoint",
  displayName: "SharePoint",
  description: "Document libraries of a SharePoint Online site, read through Microsoft Graph.",
  docsUrl: "https://plugboard.dev/docs/providers/sharepoint",
  configSchema: sharepointConfigSchema,
  secretFields: [
    "credentials.client_secret",
    "credentials.private_key",
    "credentials.private_key_passphrase",
  ],
  minimalRoundTrips: 3,
  async check(config, ctx) {
    const { token, cached } = await ctx.step("authenticate", () =>
      ctx.tokens.getOrFetch(tokenCacheKey(config), () => fetchGraphToken(config, ctx)),
    );
    const siteLabel = config.site_url ?? config.site_id ?? "";
    const site = await ctx.step("open site", () =>
      graphGet<Site>(
        ctx,
        config,
        token,
        `${sitePath(config)}?$select=id,displayName,webUrl`,
        `site "${siteLabel}"`,
      ),
    );
    const siteName = site.displayName ?? siteLabel;
    const library = await ctx.step("find document library", async () => {
      const drives = await graphGet<{ value?: Drive[] }>(
        ctx,
        config,
        token,
        `/sites/${encodeURIComponent(site.id)}/drives?$select=id,name,driveType,webUrl`,
        `the document libraries of site "${siteName}"`,
      );
      return pickLibrary(config, drives.value ?? [], siteName);
    });
    return {
      message: `Opened document library "${library.name ?? library.id}" of site "${siteName}".`,
      providerResponse: { site_id: site.id, drive_id: library.id, token_cached: cached },
    };
  },
});
