import { ProviderCheckError } from "@plugboard/core";
import type { ConnectionSettings } from "./connection-settings.js";

const CERTIFICATE_ERROR =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/**
 * Maps what `pg` throws to a category and a sentence that says what to do. pg's messages can carry the
 * connection string; only the SQLSTATE, the server's own sentence and names the user typed are used.
 */
export function postgresFailure(error: unknown, settings: ConnectionSettings): unknown {
  if (typeof error !== "object" || error === null) return error;
  const { code, message = "" } = error as { code?: string; message?: string };
  const providerResponse = code ? { sqlstate: code } : undefined;
  const withResponse = providerResponse ? { providerResponse } : {};
  if (/does not support SSL/i.test(message)) {
    return new ProviderCheckError(
      "invalid_config",
      `The server at ${settings.host} does not offer TLS: set ssl.mode to "disable" if that is acceptable, or enable TLS on the server.`,
    );
  }
  if (code && CERTIFICATE_ERROR.test(code)) {
    return new ProviderCheckError(
      "invalid_config",
      `The server's TLS certificate was refused (${code}): give its CA in ssl.ca, or use ssl.mode "require" to skip certificate checks.`,
      { providerResponse: { tls: code } },
    );
  }
  switch (code) {
    case "28P01":
      return new ProviderCheckError(
        "auth_failed",
        `Password authentication failed for user "${settings.user}".`,
        withResponse,
      );
    case "28000":
      if (/no encryption|SSL off/i.test(message) && settings.sslMode === "disable") {
        return new ProviderCheckError(
          "invalid_config",
          `The server requires TLS for user "${settings.user}": set ssl.mode to "require" or stricter.`,
          withResponse,
        );
      }
      return new ProviderCheckError(
        "auth_failed",
        `The server refused user "${settings.user}" for database "${settings.database}" (pg_hba.conf has no matching entry).`,
        withResponse,
      );
    case "22023":
    case "42704":
      // A startup `options` setting the server refused (its sentence would echo the connection string).
      if (settings.options !== undefined)
        return new ProviderCheckError(
          "invalid_config",
          `The server refused a setting of the connection string's options parameter (SQLSTATE ${code}): check each -c name=value.`,
          withResponse,
        );
      return error;
    case "3D000":
      return new ProviderCheckError(
        "not_found",
        `Database "${settings.database}" does not exist.`,
        withResponse,
      );
    case "42501":
      return new ProviderCheckError(
        "permission_denied",
        `User "${settings.user}" lacks a privilege: GRANT CONNECT ON DATABASE ${settings.database} TO ${settings.user}.`,
        withResponse,
      );
    case "53300":
      return new ProviderCheckError(
        "rate_limited",
        "The server has no connection slots left (too many connections).",
        withResponse,
      );
    case "57P03":
      return new ProviderCheckError(
        "provider_error",
        "The server is starting up or shutting down; try again shortly.",
        withResponse,
      );
    default:
      return error;
  }
}
