/**
 * The 13 built-in provider types and the package each lives in. The ids are stored, public names and
 * never change; packages are imported only when a provider is first used.
 */
export const BUILTIN_PROVIDER_PACKAGES = {
  google_drive: "@plugboard/provider-google-drive",
  s3: "@plugboard/provider-s3",
  snowflake: "@plugboard/provider-snowflake",
  sharepoint: "@plugboard/provider-sharepoint",
  tigris: "@plugboard/provider-tigris",
  postgresql: "@plugboard/provider-postgresql",
  instagram: "@plugboard/provider-instagram",
  tiktok: "@plugboard/provider-tiktok",
  rss: "@plugboard/provider-rss",
  http_api: "@plugboard/provider-http-api",
  box: "@plugboard/provider-box",
  brightdata: "@plugboard/provider-brightdata",
  backblaze: "@plugboard/provider-backblaze",
} as const;

/** One of the built-in provider types. */
export type BuiltinProviderType = keyof typeof BUILTIN_PROVIDER_PACKAGES;
