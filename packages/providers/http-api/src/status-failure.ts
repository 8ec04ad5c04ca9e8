import { type GuardedHttpResponse, ProviderCheckError, retryAfterSeconds } from "@plugboard/core";
import type { ResponseExcerpt } from "./response-excerpt.js";

/** What a failed health check was, for the sentence that reports it. */
export interface FailureContext {
  /** `GET https://api.example.com/v1/me`, without credentials. */
  request: string;
  /** What was sent to authenticate, e.g. "the bearer token" or "no credentials". */
  credentials: string;
  /** Whether any credential was sent. */
  authenticated: boolean;
  /** The status a healthy endpoint answers, when configured. */
  expectedStatus?: number;
}

/**
 * Maps an unhealthy health-check status to a category: 401 auth_failed, 403 permission_denied, 404/410
 * not_found, 405 invalid_config, 429 rate_limited (with Retry-After), 5xx and anything else provider_error.
 */
export function statusFailure(
  response: GuardedHttpResponse,
  excerpt: ResponseExcerpt,
  context: FailureContext,
): ProviderCheckError {
  const status = response.status;
  const options = { providerResponse: excerpt };
  const expected = context.expectedStatus === undefined ? "a 2xx status" : String(context.expectedStatus);
  switch (status) {
    case 401:
      return new ProviderCheckError(
        "auth_failed",
        context.authenticated
          ? `The API refused ${context.credentials} (HTTP 401 to ${context.request}): check the credentials.`
          : `The API requires authentication (HTTP 401 to ${context.request}): configure auth.`,
        options,
      );
    case 403:
      return new ProviderCheckError(
        "permission_denied",
        `The API answered 403 Forbidden to ${context.request} with ${context.credentials}: ` +
          "grant these credentials access to that endpoint, or check another path.",
        options,
      );
    case 404:
    case 410:
      return new ProviderCheckError(
        "not_found",
        `The API answered ${status} to ${context.request}: check base_url and health_check.path.`,
        options,
      );
    case 405:
      return new ProviderCheckError(
        "invalid_config",
        `The API does not allow ${context.request} (HTTP 405): change health_check.method or path.`,
        options,
      );
    case 429: {
      const wait = retryAfterSeconds(response.headers);
      return new ProviderCheckError(
        "rate_limited",
        `The API is rate limiting requests (HTTP 429 to ${context.request})` +
          (wait === undefined ? "; retry later." : `; retry in ${wait} s.`),
        { ...options, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
      );
    }
    default: {
      const wait = retryAfterSeconds(response.headers);
      return new ProviderCheckError(
        "provider_error",
        status >= 500
          ? `The API failed with HTTP ${status} to ${context.request}; retry later.`
          : `The API answered HTTP ${status} to ${context.request}, expected ${expected}.`,
        { ...options, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
      );
    }
  }
}
