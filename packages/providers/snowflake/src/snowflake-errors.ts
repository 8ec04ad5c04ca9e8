import { type FailureCategory, ProviderCheckError } from "@plugboard/core";
import type { SnowflakeConfig } from "./snowflake-schema.js";

interface SnowflakeError {
  name?: string;
  code?: string | number;
  message?: string;
  response?: { statusCode?: number };
  cause?: unknown;
}

/** What a sentence may draw on: the config, and Snowflake's own message (never printed whole). */
interface Context {
  config: SnowflakeConfig;
  message: string;
}

interface KnownCode {
  category: FailureCategory;
  sentence: string | ((context: Context) => string);
}

/** snowflake-sdk's own code for a request on a connection it has marked disconnected (ERR_CONN_REQUEST_STATUS_DISCONNECTED). */
export const SDK_SESSION_TERMINATED = "407002";

const sessionEnded: KnownCode = {
  category: "provider_error",
  sentence:
    "Snowflake ended the session during the test (it expired or no longer exists); run the test again.",
};

/**
 * Snowflake's error codes, by what they mean for whoever configured the connection. Login and session
 * codes come as HTTP 200 with `success: false` and the code as a string; snowflake-sdk passes them on as
 * the error's `code`, except for the session codes it handles itself (390104, 390111 and 390112 on a
 * query end the connection, which it reports as its own {@link SDK_SESSION_TERMINATED}).
 *
 * Sources: snowflake-sdk's `lib/constants/gs_errors` (390100, 390104, 390111, 390112, 390114, 390195,
 * 390303, 390318), its PAT wiremock mapping (394400), Snowflake's key-pair troubleshooting (390144) and
 * federated-authentication error pages (390139), and the messages Snowflake answers for the others.
 */
export const SNOWFLAKE_ERROR_CODES: ReadonlyMap<string, KnownCode> = new Map<string, KnownCode>([
  [
    "390100",
    {
      category: "auth_failed",
      sentence: ({ config }) =>
        `Snowflake refused the login of user "${config.username}": incorrect username or password (the user is the login name, not the display name).`,
    },
  ],
  [
    "390101",
    {
      category: "auth_failed",
      sentence: ({ config }) =>
        `User "${config.username}" is disabled in Snowflake; an administrator must enable it (ALTER USER … SET DISABLED = FALSE).`,
    },
  ],
  [
    "390102",
    {
      category: "auth_failed",
      sentence: ({ config }) =>
        `User "${config.username}" is temporarily locked after too many failed logins; check the credentials, then wait for the lock to expire or have an administrator run ALTER USER … SET MINS_TO_UNLOCK = 0.`,
    },
  ],
  [
    "390106",
    {
      category: "auth_failed",
      sentence: ({ config }) =>
        `The password of user "${config.username}" has expired; set a new one in Snowsight (or ALTER USER … SET PASSWORD) and update the connection.`,
    },
  ],
  ["390104", sessionEnded],
  ["390111", sessionEnded],
  ["390112", sessionEnded],
  [SDK_SESSION_TERMINATED, sessionEnded],
  [
    "390114",
    {
      category: "provider_error",
      sentence:
        "Snowflake expired the session's authentication token during the test; run the test again (each test logs in anew).",
    },
  ],
  [
    "390139",
    {
      category: "invalid_config",
      sentence: ({ config }) =>
        `This Snowflake account does not accept the "${config.auth.type}" authentication method; use another one, or ask an administrator to allow it.`,
    },
  ],
  [
    "390144",
    {
      category: "auth_failed",
      sentence:
        "Snowflake refused the key-pair JWT: the user's RSA_PUBLIC_KEY must be the public half of this private key (check the user and account identifier too).",
    },
  ],
  [
    "390189",
    {
      category: "permission_denied",
      sentence: ({ config, message }) => {
        const role = config.role ?? /Role '([^']{1,255})'/.exec(message)?.[1];
        return role === undefined
          ? `The default role of user "${config.username}" does not exist or is not granted to it: set "role" to a granted role, or fix the user's DEFAULT_ROLE.`
          : `Role "${role}" does not exist or is not granted to user "${config.username}": GRANT ROLE ${role} TO USER ${config.username}.`;
      },
    },
  ],
  [
    "390195",
    {
      category: "auth_failed",
      sentence: "Snowflake refused the login's ID token as invalid; check the credentials and test again.",
    },
  ],
  [
    "390201",
    {
      category: "not_found",
      sentence: ({ config, message }) => {
        const kind = /requested (warehouse|database|schema)/i.exec(message)?.[1]?.toLowerCase() as
          | "warehouse"
          | "database"
          | "schema"
          | undefined;
        const name = kind === undefined ? undefined : config[kind];
        return kind === undefined || name === undefined
          ? "The database, schema or warehouse in the configuration does not exist or is not authorized for the role."
          : `${kind} "${name}" does not exist or is not authorized for the role: check its name, or GRANT USAGE ON ${kind.toUpperCase()} ${name} TO ROLE ….`;
      },
    },
  ],
  [
    "390303",
    {
      category: "auth_failed",
      sentence:
        "Snowflake refused the OAuth access token as invalid; get a new token from the OAuth server for this account and update the connection.",
    },
  ],
  [
    "390318",
    {
      category: "auth_failed",
      sentence:
        "The OAuth access token has expired (a test does not refresh it); get a new token and update the connection.",
    },
  ],
  [
    "390422",
    {
      category: "permission_denied",
      sentence:
        "Snowflake's network policy does not allow connections from this server's IP address; ask an administrator to add it to the policy's allowed list.",
    },
  ],
  [
    "394400",
    {
      category: "auth_failed",
      sentence:
        "The programmatic access token is invalid or expired (or revoked, or the user lacks the network policy a PAT needs); generate a new one and update the connection.",
    },
  ],
  [
    "002003",
    {
      category: "not_found",
      sentence: ({ message }) =>
        `A configured object does not exist or is not authorized: ${firstSentence(message)}`,
    },
  ],
]);

/**
 * Maps snowflake-sdk's errors (Snowflake's numeric codes, mostly sent as HTTP 200 + `success: false`) to a
 * category and a sentence saying what to do. Network-level failures are left to the core.
 */
export function snowflakeFailure(error: unknown, config: SnowflakeConfig): unknown {
  if (typeof error !== "object" || error === null) return error;
  const { name, code, message = "", response } = error as SnowflakeError;
  const providerResponse = {
    code: String(code ?? ""),
    ...(response?.statusCode ? { status: response.statusCode } : {}),
  };
  const fail = (category: FailureCategory, sentence: string) =>
    new ProviderCheckError(category, sentence, { providerResponse });
  // Snowflake sends "002003"; snowflake-sdk may hand a SQL error's code on as the number 2003.
  const key = String(code ?? "").padStart(6, "0");
  const known = code === undefined ? undefined : SNOWFLAKE_ERROR_CODES.get(key);
  if (known) {
    const { category, sentence } = known;
    return fail(category, typeof sentence === "string" ? sentence : sentence({ config, message }));
  }
  const status = response?.statusCode ?? statusFromMessage(message);
  if (status === 403 || status === 404) {
    return fail(
      "invalid_config",
      `Snowflake answered ${status} for account "${config.account}": check the account identifier (orgname-accountname, or the account locator with its region, e.g. xy12345.eu-west-1).`,
    );
  }
  if (status === 429) return fail("rate_limited", "Snowflake is rate limiting logins; try again later.");
  if (status !== undefined && status >= 500) return fail("provider_error", `Snowflake answered ${status}.`);
  // Any other logical failure Snowflake answered: its code and first sentence beat "Unexpected error".
  if (name === "OperationFailedError" && code !== undefined && code !== "") {
    return fail("provider_error", `Snowflake answered error ${code}: ${firstSentence(message)}`);
  }
  return error;
}

/** Snowflake's first sentence on one line ("SQL compilation error:\nDatabase … not authorized."), capped. */
function firstSentence(message: string): string {
  const sentence = (message.split(/(?<=\.)\s/)[0] ?? message).replace(/\s+/g, " ").trim() || "(no message)";
  return sentence.length > 300 ? `${sentence.slice(0, 300)}…` : sentence;
}

function statusFromMessage(message: string): number | undefined {
  const match = /status code[: ]+(\d{3})/i.exec(message);
  return match ? Number(match[1]) : undefined;
}
