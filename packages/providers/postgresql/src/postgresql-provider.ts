import { isIP } from "node:net";
import type { checkServerIdentity as CheckServerIdentity, ConnectionOptions } from "node:tls";
import { defineProvider, ProviderCheckError } from "@plugboard/core";
import type pg from "pg";
import { type ConnectionSettings, connectionSettings } from "./connection-settings.js";
import { postgresFailure } from "./postgresql-errors.js";
import { postgresqlConfigSchema } from "./postgresql-schema.js";
import {
  assertPrivileges,
  PRIVILEGES_QUERY,
  type PrivilegesRow,
  privilegesParameters,
} from "./privileges.js";

/** TLS options for pg from the mode; SNI and host-name checks use the configured host, not the resolved address. */
function tlsOptions(
  settings: ConnectionSettings,
  checkServerIdentity: typeof CheckServerIdentity,
): ConnectionOptions | false {
  if (settings.sslMode === "disable") return false;
  const servername = isIP(settings.host) ? undefined : settings.host;
  const ca = settings.ca === undefined ? {} : { ca: settings.ca };
  switch (settings.sslMode) {
    case "require":
      return { rejectUnauthorized: false, ...(servername ? { servername } : {}) };
    case "verify-ca":
      return {
        rejectUnauthorized: true,
        ...ca,
        ...(servername ? { servername } : {}),
        checkServerIdentity: () => undefined,
      };
    default:
      return {
        rejectUnauthorized: true,
        ...ca,
        ...(servername ? { servername } : {}),
        // pg connects to the checked IP address; verify the certificate against the host the user configured.
        checkServerIdentity: (_host, certificate) => checkServerIdentity(settings.host, certificate),
      };
  }
}

/** What a connection string's `channel_binding=require` asks of the server, as libpq enforces it. */
const CHANNEL_BINDING_REFUSED =
  "The server did not offer channel binding (SCRAM-SHA-256-PLUS over TLS), which the connection string requires (channel_binding=require).";

/**
 * For `channel_binding=require`: cuts the connection before any password is sent when the server asks for
 * anything but SCRAM-SHA-256-PLUS (or lets the session in without it). Registered before `connect()`, so it
 * runs before pg answers. Returns whether it did.
 */
function requireChannelBinding(client: pg.Client): () => boolean {
  type Events = { on(event: string, listener: (message: { mechanisms?: string[] }) => void): void };
  const connection = (client as unknown as { connection: Events & { stream?: { destroy(): void } } })
    .connection;
  let bound = false;
  let refused = false;
  const refuse = () => {
    refused = true;
    connection.stream?.destroy();
  };
  connection.on("authenticationSASL", (message) => {
    if (message.mechanisms?.includes("SCRAM-SHA-256-PLUS")) bound = true;
    else refuse();
  });
  connection.on("authenticationCleartextPassword", refuse);
  connection.on("authenticationMD5Password", refuse);
  connection.on("authenticationOk", () => {
    if (!bound) refuse();
  });
  return () => refused;
}

export default defineProvider({
  type: "postgresql",
  displayName: "PostgreSQL",
  description:
    "A PostgreSQL database; the test connects, and checks the privileges on what the connection will read.",
  docsUrl: "https://plugboard.dev/docs/providers/postgresql",
  configSchema: postgresqlConfigSchema,
  secretFields: ["password", "connection_string"],
  // The startup message, SCRAM-SHA-256's two exchanges (PostgreSQL's default password auth), then the one
  // query; TLS adds its own handshake.
  minimalRoundTrips: 4,
  async check(config, ctx) {
    const settings = connectionSettings(config);
    if (settings.channelBinding === "require" && settings.sslMode === "disable")
      throw new ProviderCheckError(
        "invalid_config",
        'channel_binding=require needs TLS: set ssl.mode to "require" or stricter.',
      );
    const [address] = await ctx.step("resolve host", () => ctx.egress.resolve(settings.host, settings.port));
    const [{ default: pg }, { checkServerIdentity }] = await Promise.all([import("pg"), import("node:tls")]);
    const client = new pg.Client({
      host: address?.address,
      port: settings.port,
      database: settings.database,
      user: settings.user,
      ...(settings.password === undefined ? {} : { password: settings.password }),
      ssl: tlsOptions(settings, checkServerIdentity),
      // A little past the deadline: the core's deadline ends the test, pg's own timer is only a backstop.
      connectionTimeoutMillis: ctx.remainingMs() + 1_000,
      application_name: "plugboard-connection-test",
      ...(settings.options === undefined ? {} : { options: settings.options }),
      // SCRAM-SHA-256-PLUS when the server offers it (and, signalled to the server, refused if stripped).
      enableChannelBinding:
        settings.channelBinding !== undefined &&
        settings.channelBinding !== "disable" &&
        settings.sslMode !== "disable",
    });
    const channelBindingRefused =
      settings.channelBinding === "require" ? requireChannelBinding(client) : () => false;
    // pg has no AbortSignal: on the deadline, destroy its socket so nothing lingers.
    const abort = () =>
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    ctx.signal.addEventListener("abort", abort, { once: true });
    client.on("error", () => {}); // errors after the test are not ours to report
    try {
      await ctx.step("connect and authenticate", () =>
        client.connect().catch((error: unknown) => {
          if (channelBindingRefused())
            throw new ProviderCheckError("invalid_config", CHANNEL_BINDING_REFUSED);
          throw postgresFailure(error, settings);
        }),
      );
      const row = await ctx.step("check privileges", async () => {
        const result = await client
          .query<PrivilegesRow>(PRIVILEGES_QUERY, privilegesParameters(settings))
          .catch((error: unknown) => {
            throw postgresFailure(error, settings);
          });
        const first = result.rows[0] as PrivilegesRow;
        assertPrivileges(first, settings);
        return first;
      });
      const what = [
        settings.schema && `schema ${settings.schema}`,
        settings.tables.length && `${settings.tables.length} table(s)`,
      ]
        .filter(Boolean)
        .join(" and ");
      return {
        message: `Connected to ${settings.database} as ${row.current_user} (PostgreSQL ${row.server_version})${what ? `; can read ${what}` : ""}.`,
        providerResponse: { current_user: row.current_user, server_version: row.server_version },
      };
    } finally {
      ctx.signal.removeEventListener("abort", abort);
      await client.end().catch(() => {});
    }
  },
});
