import { readConnectionString } from "./connection-string.js";
import type { PostgresqlConfig, SSL_MODES } from "./postgresql-schema.js";

/** Everything the check needs, whichever way the config was written. */
export interface ConnectionSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | undefined;
  sslMode: (typeof SSL_MODES)[number];
  ca: string | undefined;
  schema: string | undefined;
  tables: string[];
  /** A connection string's `channel_binding` (SCRAM-SHA-256-PLUS): `require` refuses a server without it. */
  channelBinding: "disable" | "prefer" | "require" | undefined;
  /** A connection string's startup `options` (`-c search_path=…`). */
  options: string | undefined;
}

/** Normalises both config shapes (a connection string's own `sslmode` applies when `ssl` is not given). */
export function connectionSettings(config: PostgresqlConfig): ConnectionSettings {
  const common = {
    schema: config.schema,
    tables: config.tables ?? [],
    ca: config.ssl?.ca,
  };
  if ("connection_string" in config) {
    const reading = readConnectionString(config.connection_string);
    // Validation has read the same string: a refused one never gets here.
    if (!reading.ok) throw new TypeError("The connection string was not validated.");
    const { parts } = reading;
    return {
      ...common,
      host: parts.host,
      port: parts.port,
      database: parts.database,
      user: parts.user,
      password: parts.password,
      sslMode: config.ssl?.mode ?? sslModeFromString(parts.sslMode),
      channelBinding: parts.channelBinding,
      options: parts.options,
    };
  }
  return {
    ...common,
    host: config.host.replace(/^\[(.*)\]$/, "$1"),
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    sslMode: config.ssl?.mode ?? "verify-full",
    channelBinding: undefined,
    options: undefined,
  };
}

/** libpq's `sslmode` as the test applies it: the downgrade-prone `allow` and `prefer` still require TLS. */
function sslModeFromString(mode: string | undefined): ConnectionSettings["sslMode"] {
  if (mode === "disable" || mode === "verify-ca" || mode === "verify-full") return mode;
  if (mode === "require" || mode === "prefer" || mode === "allow" || mode === "no-verify") return "require";
  return "verify-full";
}

/** Quotes an identifier for PostgreSQL (`my"table` → `"my""table"`). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.table` names, quoted, for `to_regclass`; a bare table name is read in the configured schema. */
export function qualifiedTableNames(
  settings: ConnectionSettings,
): Array<{ name: string; qualified: string }> {
  return settings.tables.map((table) => {
    const dot = table.indexOf(".");
    const [schema, name] =
      dot === -1 ? [settings.schema ?? "public", table] : [table.slice(0, dot), table.slice(dot + 1)];
    return { name: `${schema}.${name}`, qualified: `${quoteIdentifier(schema)}.${quoteIdentifier(name)}` };
  });
}
