import { parse as parseConnectionString } from "pg-connection-string";
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
}

/** Normalises both config shapes (a connection string's own `sslmode` applies when `ssl` is not given). */
export function connectionSettings(config: PostgresqlConfig): ConnectionSettings {
  const common = {
    schema: config.schema,
    tables: config.tables ?? [],
    ca: config.ssl?.ca,
  };
  if ("connection_string" in config) {
    const parsed = parseConnectionString(config.connection_string);
    const uriMode = new URL(config.connection_string).searchParams.get("sslmode");
    return {
      ...common,
      host: (parsed.host ?? "").replace(/^\[(.*)\]$/, "$1"),
      port: Number(parsed.port ?? 5432),
      database: parsed.database ?? "",
      user: parsed.user ?? "",
      password: parsed.password,
      sslMode: config.ssl?.mode ?? sslModeFromUri(uriMode),
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
  };
}

function sslModeFromUri(mode: string | null): ConnectionSettings["sslMode"] {
  if (mode === "disable" || mode === "verify-ca" || mode === "verify-full") return mode;
  if (mode === "require" || mode === "prefer" || mode === "allow") return "require";
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
