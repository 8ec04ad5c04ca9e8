import { createHash, generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import { type FakeHttpServer, type RecordedRequest, startFakeHttpServer } from "@plugboard/testkit";

/** The account, user and grants the fake knows. */
export const SNOWFLAKE = {
  account: "acme-main",
  user: "READER",
  password: "Reader-Pa55-8d2e",
  oauthToken: "oauth-token-5f1a9c",
  accessToken: "pat-token-77b3e0",
  defaultRole: "ANALYST",
  roles: ["ANALYST", "PUBLIC"],
  warehouses: { ANALYST: ["COMPUTE_WH"] } as Record<string, string[]>,
  databases: { ANALYST: ["SALES"] } as Record<string, string[]>,
} as const;

/** The user's registered key pair (the private half is what a key-pair config carries). */
export const userKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const USER_PRIVATE_KEY = userKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

interface Session {
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
}

const fingerprint = (key: KeyObject) =>
  `SHA256:${createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("base64")}`;

/** Verifies a key-pair login JWT the way Snowflake does: RS256 signature, issuer fingerprint, subject, expiry. */
function validJwt(token: string, account: string, user: string): boolean {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return false;
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${header}.${payload}`),
    userKeys.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!signed) return false;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
    iss?: string;
    sub?: string;
    exp?: number;
  };
  const subject = `${account.toUpperCase()}.${user.toUpperCase()}`;
  return (
    claims.sub === subject &&
    claims.iss === `${subject}.${fingerprint(userKeys.publicKey)}` &&
    (claims.exp ?? 0) * 1000 > Date.now()
  );
}

/** A logical failure as Snowflake sends it: HTTP 200, `success: false`, its code as a string, a message. */
export interface SnowflakeFailure {
  code: string;
  message: string;
  /** What Snowflake puts in `data` (e.g. `nextAction` for a refused login); `null` by default. */
  data?: unknown;
}

const SESSION_COLUMNS = ["USER", "ROLE", "WAREHOUSE", "DATABASE", "SCHEMA", "VERSION"] as const;

/** A column of the session query. */
export type SessionColumn = (typeof SESSION_COLUMNS)[number];

/** Values of the session query's columns; `null` is what Snowflake answers for an unset one. */
export type SessionColumns = Partial<Record<SessionColumn, string | null>>;

/** How a fake deviates from a healthy account. */
export interface SnowflakeFakeOptions {
  /** Every login request is refused with this failure (after the account is recognised). */
  loginFailure?: SnowflakeFailure;
  /** Every session query fails with this failure. */
  queryFailure?: SnowflakeFailure;
  /** Overrides columns of the session query's row; `"no rows"` answers an empty row set. */
  session?: SessionColumns | "no rows";
  /** Leaves these columns out of the session query's answer altogether. */
  omitColumns?: SessionColumn[];
}

/**
 * A fake of the Snowflake endpoints snowflake-sdk calls (`/session/v1/login-request`,
 * `/queries/v1/query-request`, `/session/token-request`, `/telemetry/send`, `/session?delete=true`), with
 * Snowflake's documented JSON bodies: logical errors are HTTP 200 with `success: false` and a numeric code.
 */
export function startSnowflakeFake(options: SnowflakeFakeOptions = {}): Promise<FakeHttpServer> {
  const sessions = new Map<string, Session>();
  let next = 0;
  const failure = (code: string, message: string, data: unknown = null) => ({
    success: false,
    code,
    message,
    data,
  });

  const login = (request: RecordedRequest) => {
    const { data } = JSON.parse(request.body) as { data: Record<string, string> };
    if ((data.ACCOUNT_NAME ?? "").toLowerCase() !== SNOWFLAKE.account)
      return { status: 403, body: "Forbidden" } as const;
    if (options.loginFailure) {
      const refused = options.loginFailure;
      return { json: failure(refused.code, refused.message, refused.data) };
    }
    const user = (data.LOGIN_NAME ?? "").toUpperCase();
    const authenticator = data.AUTHENTICATOR ?? "SNOWFLAKE";
    let ok = false;
    if (authenticator === "SNOWFLAKE") ok = user === SNOWFLAKE.user && data.PASSWORD === SNOWFLAKE.password;
    else if (authenticator === "SNOWFLAKE_JWT") {
      if (!validJwt(data.TOKEN ?? "", data.ACCOUNT_NAME ?? "", data.LOGIN_NAME ?? "")) {
        return { json: failure("390144", "JWT token is invalid.") };
      }
      ok = user === SNOWFLAKE.user;
    } else if (authenticator === "OAUTH") {
      if (data.TOKEN !== SNOWFLAKE.oauthToken)
        return { json: failure("390303", "Invalid OAuth access token.") };
      ok = true;
    } else if (authenticator === "PROGRAMMATIC_ACCESS_TOKEN") {
      // What Snowflake answers for a wrong, expired or revoked PAT (the driver's own wiremock mappings).
      if (data.TOKEN !== SNOWFLAKE.accessToken) {
        return {
          json: failure("394400", "Programmatic access token is invalid.", {
            nextAction: "RETRY_LOGIN",
            authnMethod: "PAT",
            signInOptions: {},
          }),
        };
      }
      ok = true;
    }
    if (!ok) return { json: failure("390100", "Incorrect username or password was specified.") };
    const query = request.url.searchParams;
    const role = (query.get("roleName") ?? SNOWFLAKE.defaultRole).toUpperCase();
    if (!(SNOWFLAKE.roles as readonly string[]).includes(role)) {
      return {
        json: failure(
          "390189",
          `Role '${role}' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
        ),
      };
    }
    const pick = (wanted: string | null, allowed: string[] | undefined) =>
      wanted && allowed?.includes(wanted.toUpperCase()) ? wanted.toUpperCase() : null;
    const database = pick(query.get("databaseName"), SNOWFLAKE.databases[role]);
    const token = `session-token-${++next}`;
    sessions.set(token, {
      role,
      warehouse: pick(query.get("warehouse"), SNOWFLAKE.warehouses[role]),
      database,
      schema: database && query.get("schemaName") ? (query.get("schemaName") ?? "").toUpperCase() : null,
    });
    return {
      json: {
        success: true,
        data: {
          token,
          masterToken: `master-${token}`,
          validityInSeconds: 3600,
          masterValidityInSeconds: 14_400,
          sessionId: next,
          parameters: [],
          sessionInfo: {},
        },
      },
    };
  };

  return startFakeHttpServer((request, reply) => {
    const path = request.url.pathname;
    if (request.method === "POST" && path === "/session/v1/login-request") {
      const answer = login(request);
      return "status" in answer
        ? reply.send({ status: answer.status, body: answer.body })
        : reply.json(200, answer.json);
    }
    if (request.method === "POST" && path === "/session/token-request") {
      // The SDK renews an expired session token with the master token; here the master token has expired too.
      return reply.json(
        200,
        failure("390114", "Authentication token has expired.  The user must authenticate again."),
      );
    }
    const token = /Snowflake Token="([^"]+)"/.exec(String(request.headers.authorization ?? ""))?.[1];
    const session = token ? sessions.get(token) : undefined;
    if (!session) return reply.json(401, failure("390112", "Your session has expired. Please login again."));
    if (path === "/queries/v1/query-request") {
      if (options.queryFailure) {
        const { code, message, data } = options.queryFailure;
        return reply.json(200, failure(code, message, data));
      }
      const columns = SESSION_COLUMNS.filter((name) => !options.omitColumns?.includes(name));
      const actual: Required<SessionColumns> = {
        USER: SNOWFLAKE.user,
        ROLE: session.role,
        WAREHOUSE: session.warehouse,
        DATABASE: session.database,
        SCHEMA: session.schema,
        VERSION: "9.38.1",
        ...(options.session === "no rows" ? {} : options.session),
      };
      const rowset = options.session === "no rows" ? [] : [columns.map((name) => actual[name])];
      const rowtype = columns.map((name) => ({ name, type: "text", nullable: true }));
      return reply.json(200, {
        success: true,
        data: {
          rowtype,
          rowset,
          total: rowset.length,
          returned: rowset.length,
          queryId: `q-${token}`,
          parameters: [],
        },
      });
    }
    if (path === "/telemetry/send" || path === "/session")
      return reply.json(200, { success: true, data: null });
    return reply.json(404, failure("404", "Not found"));
  });
}
