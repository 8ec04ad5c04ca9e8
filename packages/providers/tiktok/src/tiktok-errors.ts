import { ProviderCheckError, retryAfterSeconds } from "@plugboard/core";

/** The envelope every TikTok API v2 answer carries, success or not. */
export interface TiktokEnvelope<T> {
  data?: T;
  error?: { code?: string; message?: string; log_id?: string };
}

/** The OAuth token endpoint's error body (sent with 200 as well as with 4xx). */
export interface TiktokOAuthError {
  error?: unknown;
  error_description?: string;
  log_id?: string;
}

const excerpt = (text: string | undefined, status: number) => (text || `HTTP ${status}`).slice(0, 300);
const rateLimited = (response: Response, providerResponse: unknown) => {
  const wait = retryAfterSeconds(response.headers);
  return new ProviderCheckError(
    "rate_limited",
    "TikTok is rate limiting this app (rate_limit_exceeded); the test does not retry.",
    { providerResponse, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
  );
};

/**
 * Maps an API v2 error by the envelope's `error.code` first (TikTok's documented codes), the HTTP status
 * second. `scope` names what the request was proving, so a missing permission says which to grant.
 */
export function apiFailure(
  response: Response,
  envelope: TiktokEnvelope<unknown>,
  scope: string,
  refreshable: boolean,
): ProviderCheckError {
  const code = envelope.error?.code ?? `http_${response.status}`;
  const logId = envelope.error?.log_id ?? response.headers.get("x-tt-logid") ?? undefined;
  const providerResponse = { status: response.status, code, ...(logId ? { log_id: logId } : {}) };
  const detail = excerpt(envelope.error?.message, response.status);
  switch (code) {
    case "access_token_invalid":
      return new ProviderCheckError(
        "auth_failed",
        refreshable
          ? "The access token is invalid or expired (access_token_invalid): refresh it with the stored refresh token and save the new pair; a test never refreshes it, because TikTok rotates refresh tokens."
          : "The access token is invalid or expired (access_token_invalid): reconnect the account to get a new token.",
        { providerResponse },
      );
    case "scope_not_authorized":
    case "scope_permission_missed":
      return new ProviderCheckError(
        "permission_denied",
        `The token lacks the ${scope} scope (${code}): have the user reconnect and grant it.`,
        { providerResponse: { ...providerResponse, missing_scope: scope } },
      );
    case "rate_limit_exceeded":
      return rateLimited(response, providerResponse);
    case "invalid_params":
      return new ProviderCheckError("provider_error", `TikTok refused the request parameters (${detail}).`, {
        providerResponse,
      });
    default:
      if (response.status === 429) return rateLimited(response, providerResponse);
      if (response.status === 401)
        return new ProviderCheckError("auth_failed", `TikTok refused the token (${detail}).`, {
          providerResponse,
        });
      if (response.status === 403)
        return new ProviderCheckError("permission_denied", `TikTok refused access to ${scope} (${detail}).`, {
          providerResponse,
        });
      return new ProviderCheckError("provider_error", `TikTok answered ${response.status} (${detail}).`, {
        providerResponse,
      });
  }
}

/** Maps the token endpoint's OAuth error (RFC 6749 codes, as TikTok documents them). */
export function oauthFailure(response: Response, body: TiktokOAuthError): ProviderCheckError {
  const code = typeof body.error === "string" ? body.error : `http_${response.status}`;
  const providerResponse = {
    status: response.status,
    error: code,
    ...(body.log_id ? { log_id: body.log_id } : {}),
  };
  const detail = excerpt(body.error_description, response.status);
  switch (code) {
    case "invalid_client":
    case "invalid_grant":
      return new ProviderCheckError(
        "auth_failed",
        `TikTok refused the client key or client secret (${code}).`,
        { providerResponse },
      );
    case "unauthorized_client":
    case "invalid_scope":
    case "access_denied":
      return new ProviderCheckError(
        "permission_denied",
        `The app may not use the client-credentials grant (${code}): only apps approved for the Research API or the Commercial Content API can.`,
        { providerResponse },
      );
    case "invalid_request":
    case "unsupported_grant_type":
      return new ProviderCheckError(
        "provider_error",
        `TikTok refused the token request (${code}: ${detail}).`,
        {
          providerResponse,
        },
      );
    default:
      if (response.status === 429) return rateLimited(response, providerResponse);
      return new ProviderCheckError(
        "provider_error",
        `TikTok's token endpoint answered ${response.status} (${code}: ${detail}).`,
        { providerResponse },
      );
  }
}
