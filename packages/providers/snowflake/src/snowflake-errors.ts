import { ProviderCheckError } from "@plugboard/core";
import type { SnowflakeConfig } from "./snowflake-schema.js";

interface SnowflakeError {
  code?: string | number;
  message?: string;
  response?: { statusCode?: number };
  cause?: unknown;
}

/**
 * Maps snowflake-sdk's errors (Snowflake's numeric codes, mostly sent as HTTP 200 + `success: false`) to a
 * category and a sentence saying what to do. Network-level failures are left to the core.
 */
export function snowflakeFailure(error: unknown, config: SnowflakeConfig): unknown {
  if (typeof error !== "object" || error === null) return error;
  const { code, message = "", response } = error as SnowflakeError;
  const providerResponse = {
    code: String(code ?? ""),
    ...(response?.statusCode ? { status: response.statusCode } : {}),
  };
  const fail = (category: ConstructorParameters<typeof ProviderCheckError>[0], sentence: string) =>
    new ProviderCheckError(category, sentence, { providerResponse });
  switch (String(code)) {
    case "390100":
      return fail(
        "auth_failed",
        `Snowflake refused the credentials of user "${config.username}" (incorrect username or password).`,
      );
    case "390144":
      return fail(
        "auth_failed",
        `Snowflake refused the key-pair JWT: the user's RSA_PUBLIC_KEY does not match this private key.`,
      );
    case "390303":
    case "390318":
      return fail("auth_failed", "The OAuth or programmatic access token is invalid or expired.");
    case "390189":
      return fail(
        "permission_denied",
        `Role "${config.role}" is not granted to user "${config.username}": GRANT ROLE ${config.role} TO USER ${config.username}.`,
      );
    case "390201":
      return fail(
        "not_found",
        `The database, schema or warehouse in the configuration does not exist or is not authorized.`,
      );
    case "002003":
    case "2003":
      return fail(
        "not_found",
        `A configured object does not exist or is not authorized: ${firstSentence(message)}`,
      );
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
  return error;
}

function firstSentence(message: string): string {
  const sentence = message.split(/(?<=\.)\s/)[0] ?? message;
  return sentence.length > 300 ? `${sentence.slice(0, 300)}…` : sentence;
}

function statusFromMessage(message: string): number | undefined {
  const match = /status code[: ]+(\d{3})/i.exec(message);
  return match ? Number(match[1]) : undefined;
}
