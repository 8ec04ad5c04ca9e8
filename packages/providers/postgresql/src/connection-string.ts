/**
 * Reads a PostgreSQL connection string as libpq documents it — a `postgresql://` URI or `key=value` pairs —
 * without touching the file system: parameters that name files on the client (`sslrootcert`, `sslcert`,
 * `passfile`, …) are reported, never opened. Problems are sentences that never quote the string (it holds
 * the password).
 */

/** What the check takes from a connection string. */
export interface ConnectionStringParts {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | undefined;
  /** libpq's `sslmode`, as written (`prefer`, `require`, …), when given. */
  sslMode: string | undefined;
  /** `sslrootcert=system`: verify against the public CAs (libpq 16), which implies `verify-full`. */
  systemRoots: boolean;
  channelBinding: "disable" | "prefer" | "require" | undefined;
  /** The startup `options` (`-c search_path=…`), passed to the server as libpq does. */
  options: string | undefined;
}

export type ConnectionStringReading =
  | { ok: true; parts: ConnectionStringParts }
  | { ok: false; problems: string[] };

/** `sslmode` values: libpq's six, and node-postgres's `no-verify` (TLS without certificate checks). */
export const CONNECTION_STRING_SSL_MODES = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
  "no-verify",
] as const;

const CHANNEL_BINDING = ["disable", "prefer", "require"] as const;

/** Parameters the connection is made with (beyond host, port, dbname, user and password). */
const USED = new Set(["sslmode", "sslrootcert", "channel_binding", "options"]);

/**
 * Parameters accepted and left to the test's own settings: names and time-outs, keepalives, negotiation
 * details, pooler hints (Supabase and Neon's Prisma strings carry `pgbouncer`, `connect_timeout`, …). None
 * of them weakens what the test checks.
 */
const IGNORED = new Set([
  "application_name",
  "fallback_application_name",
  "connect_timeout",
  "client_encoding",
  "keepalives",
  "keepalives_idle",
  "keepalives_interval",
  "keepalives_count",
  "tcp_user_timeout",
  "target_session_attrs",
  "load_balance_hosts",
  "sslsni",
  "sslcompression",
  "sslnegotiation",
  "ssl_min_protocol_version",
  "ssl_max_protocol_version",
  "ssl",
  "requiressl",
  "gssencmode",
  "gssdelegation",
  "krbsrvname",
  "gsslib",
  "pgbouncer",
  "connection_limit",
  "pool_timeout",
  "socket_timeout",
  "statement_cache_size",
  "sslaccept",
]);

/** Parameters refused, each with what to do instead. */
const REFUSED: Record<string, string> = {
  sslcert: "Parameter sslcert (a client certificate) is not supported: use password authentication.",
  sslkey: "Parameter sslkey (a client certificate's key) is not supported: use password authentication.",
  sslpassword:
    "Parameter sslpassword (for a client certificate's key) is not supported: use password authentication.",
  sslcertmode: "Parameter sslcertmode (client certificates) is not supported: leave it out.",
  sslcrl: "Parameter sslcrl names a file on the client, which Plugboard cannot read: leave it out.",
  sslcrldir: "Parameter sslcrldir names a folder on the client, which Plugboard cannot read: leave it out.",
  passfile:
    "Parameter passfile names a file on the client, which Plugboard cannot read: put the password in the string.",
  service:
    "Parameter service names an entry of pg_service.conf on the client, which Plugboard cannot read: give the host, database and user instead.",
  servicefile: "Parameter servicefile names a file on the client, which Plugboard cannot read: leave it out.",
  hostaddr: "Parameter hostaddr is not supported: put the address in host.",
  require_auth:
    "Parameter require_auth is not supported: leave it out (the test uses the server's password authentication).",
  schema: "Parameter schema is Prisma's, not PostgreSQL's: set the schema field of the config instead.",
};

/** A vendor's placeholder left in place of the password: `[YOUR-PASSWORD]`, `<password>`, `{your_password}`. */
const PLACEHOLDER_PASSWORD = /^[[<{]\s*(?:your[-_ ]?)?(?:db[-_ ]?)?password\s*[\]>}]$/i;

/** A start a connection string can have: a URI scheme, or a first `key=` pair. */
export const CONNECTION_STRING_START = /^(?:postgres(?:ql)?:\/\/|\s*[A-Za-z_][A-Za-z0-9_]*\s*=)/;

/** Reads a connection string; `problems` says what is wrong, field by field. */
export function readConnectionString(value: string): ConnectionStringReading {
  const problems: string[] = [];
  const read = /^postgres(?:ql)?:\/\//.test(value) ? readUri(value, problems) : readPairs(value, problems);
  if (!read) return { ok: false, problems };
  const { base, params } = read;
  for (const key of ["host", "port", "dbname", "user", "password"]) {
    const override = params.get(key);
    if (override !== undefined) base[key] = override;
  }
  const parts = partsFrom(base, params, problems);
  return problems.length === 0 && parts ? { ok: true, parts } : { ok: false, problems };
}

type Fields = Record<string, string | undefined>;

function readUri(
  value: string,
  problems: string[],
): { base: Fields; params: Map<string, string> } | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(
      "Not a valid URI: percent-encode special characters of the user and password (# as %23, / as %2F, ? as %3F, @ as %40).",
    );
    return undefined;
  }
  if (url.hash) {
    problems.push("A # starts a URI fragment: percent-encode it as %23 (in a password, say).");
    return undefined;
  }
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      problems.push(`The ${what} has a % that is not percent-encoding: write it as %25.`);
      return undefined;
    }
  };
  const base: Fields = {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port || undefined,
    dbname: decode(url.pathname.slice(1), "database name"),
    user: decode(url.username, "user"),
    password: url.password ? decode(url.password, "password") : undefined,
  };
  const params = new Map<string, string>();
  for (const [key, parameter] of url.searchParams) params.set(key, parameter);
  return { base, params };
}

/** libpq's keyword/value form: `host=db.example.com port=5432 dbname=app user=reader password='a b'`. */
function readPairs(
  value: string,
  problems: string[],
): { base: Fields; params: Map<string, string> } | undefined {
  const pair = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|((?:[^\s'\\]|\\.)*))\s*/y;
  const params = new Map<string, string>();
  let index = 0;
  while (index < value.length) {
    pair.lastIndex = index;
    const match = pair.exec(value);
    if (!match || match[0].length === 0) {
      problems.push(
        "Not a connection string: use postgresql://user:password@host:5432/database, or key=value pairs (host=… dbname=… user=… password=…).",
      );
      return undefined;
    }
    params.set(match[1] as string, (match[2] ?? match[3] ?? "").replace(/\\(.)/g, "$1"));
    index = pair.lastIndex;
  }
  return { base: {}, params };
}

function partsFrom(
  base: Fields,
  params: Map<string, string>,
  problems: string[],
): ConnectionStringParts | undefined {
  for (const key of params.keys()) {
    if (USED.has(key) || IGNORED.has(key) || ["host", "port", "dbname", "user", "password"].includes(key))
      continue;
    const refused = REFUSED[key];
    if (refused) problems.push(refused);
    else if (/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(key)) problems.push(`Unknown parameter "${key}".`);
    else problems.push("An unknown parameter.");
  }
  const host = base.host ?? "";
  if (!host) problems.push("Names no host.");
  else if (host.includes(",")) problems.push("Names several hosts: give the one server to connect to.");
  else if (host.startsWith("/"))
    problems.push("A Unix socket cannot be reached over the network: give a host name.");
  const port = base.port === undefined || base.port === "" ? 5432 : Number(base.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    problems.push("The port must be a number from 1 to 65535.");
  const user = base.user ?? "";
  if (!user) problems.push("Names no user.");
  const database = base.dbname ?? "";
  if (!database) problems.push("Names no database (the path after the host, e.g. /analytics).");
  if (base.password !== undefined && PLACEHOLDER_PASSWORD.test(base.password))
    problems.push(
      "The password is still the placeholder the console showed: put the database password in its place.",
    );
  const sslMode = params.get("sslmode");
  if (sslMode !== undefined && !(CONNECTION_STRING_SSL_MODES as readonly string[]).includes(sslMode))
    problems.push("Parameter sslmode must be disable, allow, prefer, require, verify-ca or verify-full.");
  const rootCert = params.get("sslrootcert");
  const systemRoots = rootCert === "system";
  if (rootCert !== undefined && !systemRoots)
    problems.push(
      "Parameter sslrootcert names a file on the client, which Plugboard cannot read: paste the CA certificate (PEM) into ssl.ca instead, or use sslrootcert=system for a public CA.",
    );
  if (systemRoots && sslMode !== undefined && sslMode !== "verify-full")
    problems.push("Parameter sslrootcert=system needs sslmode=verify-full (or no sslmode).");
  const channelBinding = params.get("channel_binding");
  if (channelBinding !== undefined && !(CHANNEL_BINDING as readonly string[]).includes(channelBinding))
    problems.push("Parameter channel_binding must be disable, prefer or require.");
  if (channelBinding === "require" && sslMode === "disable")
    problems.push("Parameter channel_binding=require needs TLS, which sslmode=disable turns off.");
  if (problems.length > 0) return undefined;
  return {
    host,
    port,
    database,
    user,
    password: base.password,
    sslMode,
    systemRoots,
    channelBinding: channelBinding as ConnectionStringParts["channelBinding"],
    options: params.get("options"),
  };
}
