import type { ConnectionProvider } from "@plugboard/core";
import backblaze from "@plugboard/provider-backblaze";
import box from "@plugboard/provider-box";
import brightdata from "@plugboard/provider-brightdata";
import googleDrive from "@plugboard/provider-google-drive";
import httpApi from "@plugboard/provider-http-api";
import instagram from "@plugboard/provider-instagram";
import postgresql from "@plugboard/provider-postgresql";
import rss from "@plugboard/provider-rss";
import s3 from "@plugboard/provider-s3";
import sharepoint from "@plugboard/provider-sharepoint";
import snowflake from "@plugboard/provider-snowflake";
import tigris from "@plugboard/provider-tigris";
import tiktok from "@plugboard/provider-tiktok";

/** The local server a target is pointed at. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` (for a raw TCP server too, for symmetry). */
  url: string;
  host: string;
  port: number;
}

/**
 * One way of reaching one builtin provider, pointed at a local server: the security suites (deadlines,
 * leak surfaces) iterate over this table, so a new provider is one appended entry.
 */
export interface ProviderTarget {
  /** Row label, unique: the type, and the mode when a type has several (`backblaze (s3 API)`). */
  name: string;
  provider: ConnectionProvider;
  /** What the server must speak for the provider to reach it: HTTP, or raw TCP (a database protocol). */
  protocol: "http" | "tcp";
  /** A valid config pointing at `server` directly (URL, host or port fields) or through `origins`. */
  config: (server: LocalServer) => Record<string, unknown>;
  /** The provider's fixed origins, each redirected to the local server by an operator origin override. */
  origins?: readonly string[];
  /**
   * Whether the CLI can reach the server: it offers `--allow` but no origin overrides, so only providers
   * whose config names the host can be pointed at a local server from the command line.
   */
  cliReachable: boolean;
}

/** Secret values used by the table; the suites replace them with fresh canaries per run. */
const SECRET = "table-secret-value-0001";

export const PROVIDER_TARGETS: readonly ProviderTarget[] = [
  {
    name: "s3",
    provider: s3,
    protocol: "http",
    cliReachable: true,
    config: (server) => ({
      bucket: "reports",
      region: "us-east-1",
      endpoint: server.url,
      force_path_style: true,
      credentials: {
        type: "access_key",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: SECRET,
        session_token: `${SECRET}-session`,
      },
    }),
  },
  {
    name: "tigris",
    provider: tigris,
    protocol: "http",
    cliReachable: false,
    config: () => ({
      bucket: "acme-media",
      credentials: { access_key_id: "tid_ReaderKey0000000001", secret_access_key: SECRET },
    }),
    origins: ["https://acme-media.t3.storage.dev"],
  },
  {
    name: "backblaze (b2 API)",
    provider: backblaze,
    protocol: "http",
    cliReachable: false,
    config: () => ({
      api: "b2",
      bucket: "acme-backups",
      credentials: { application_key_id: "0014aa9865d6f00000000000b", application_key: SECRET },
    }),
    origins: ["https://api.backblazeb2.com", "https://api004.backblazeb2.com"],
  },
  {
    name: "backblaze (s3 API)",
    provider: backblaze,
    protocol: "http",
    cliReachable: false,
    config: () => ({
      api: "s3",
      bucket: "acme-backups",
      region: "us-west-004",
      credentials: { application_key_id: "0044aa9865d6f0000000000a1", application_key: SECRET },
    }),
    origins: ["https://acme-backups.s3.us-west-004.backblazeb2.com"],
  },
  {
    name: "google_drive",
    provider: googleDrive,
    protocol: "http",
    cliReachable: false,
    config: () => ({
      credentials: {
        type: "authorized_user",
        client_id: "1234-abc.apps.googleusercontent.com",
        client_secret: SECRET,
        refresh_token: `${SECRET}-refresh`,
      },
    }),
    origins: ["https://oauth2.googleapis.com", "https://www.googleapis.com"],
  },
  {
    name: "sharepoint",
    provider: sharepoint,
    protocol: "http",
    cliReachable: false,
    config: () => ({
      tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      client_id: "2f6c1a3e-5b7d-4c8e-9f01-23456789abcd",
      credentials: { type: "client_secret", client_secret: SECRET },
      site_url: "https://contoso.sharepoint.com/sites/Marketing",
    }),
    origins: ["https://login.microsoftonline.com", "https://graph.microsoft.com"],
  },
  {
    name: "box",
    provider: box,
    protocol: "http",
    cliReachable: false,
    config: () => ({ credentials: { type: "developer_token", developer_token: SECRET } }),
    origins: ["https://api.box.com"],
  },
  {
    name: "postgresql",
    provider: postgresql,
    protocol: "tcp",
    cliReachable: true,
    config: (server) => ({
      host: server.host,
      port: server.port,
      database: "analytics",
      user: "reader",
      password: SECRET,
      ssl: { mode: "disable" },
    }),
  },
  {
    name: "snowflake",
    provider: snowflake,
    protocol: "http",
    cliReachable: true,
    config: (server) => ({
      account: "acme-main",
      username: "READER",
      auth: { type: "password", password: SECRET },
      access_url: server.url,
    }),
  },
  {
    name: "http_api",
    provider: httpApi,
    protocol: "http",
    cliReachable: true,
    config: (server) => ({ base_url: server.url, auth: { type: "bearer", token: SECRET } }),
  },
  {
    name: "rss",
    provider: rss,
    protocol: "http",
    cliReachable: true,
    config: (server) => ({
      feed_url: `${server.url}/feed.xml`,
      auth: { type: "basic", username: "feed-reader", password: SECRET },
    }),
  },
  {
    name: "instagram",
    provider: instagram,
    protocol: "http",
    cliReachable: false,
    config: () => ({ login_type: "instagram", access_token: SECRET }),
    origins: ["https://graph.instagram.com", "https://graph.facebook.com"],
  },
  {
    name: "tiktok (user token)",
    provider: tiktok,
    protocol: "http",
    cliReachable: false,
    config: () => ({ mode: "user", access_token: SECRET, required_scopes: ["video.list"] }),
    origins: ["https://open.tiktokapis.com"],
  },
  {
    name: "tiktok (client credentials)",
    provider: tiktok,
    protocol: "http",
    cliReachable: false,
    config: () => ({ mode: "client_credentials", client_key: "awresearch0001", client_secret: SECRET }),
    origins: ["https://open.tiktokapis.com"],
  },
  {
    name: "brightdata (API key)",
    provider: brightdata,
    protocol: "http",
    cliReachable: false,
    config: () => ({ api: { token: SECRET, zone: "web_unlocker1" } }),
    origins: ["https://api.brightdata.com"],
  },
  {
    name: "brightdata (proxy zone)",
    provider: brightdata,
    // CONNECT over a raw connection to the super-proxy.
    protocol: "tcp",
    cliReachable: true,
    config: (server) => ({
      proxy: {
        customer_id: "hl_1a2b3c4d",
        zone: "residential_main",
        zone_password: SECRET,
        host: server.host,
        port: server.port,
      },
    }),
  },
];

/** Origin overrides sending every fixed origin of `target` to `server`. */
export function originsFor(target: ProviderTarget, server: LocalServer): Record<string, string> {
  return Object.fromEntries((target.origins ?? []).map((origin) => [origin, server.url]));
}
