import { ProviderCheckError, retryAfterSeconds } from "@plugboard/core";

/** The realm of a `WWW-Authenticate` challenge, cut short: it tells the user which login the server wants. */
function challenge(response: Response): string | undefined {
  const header = response.headers.get("www-authenticate");
  if (!header) return undefined;
  const scheme = header.split(/\s/, 1)[0] ?? "";
  const realm = /realm="([^"]{0,80})"/i.exec(header)?.[1];
  return realm === undefined ? scheme : `${scheme} realm "${realm}"`;
}

/**
 * Maps a feed server's error status to a category: 401 auth_failed, 403 permission_denied, 404/410
 * not_found, 429 rate_limited (with Retry-After), 5xx and anything else provider_error.
 */
export function feedStatusFailure(response: Response, url: URL, hasAuth: boolean): ProviderCheckError {
  const status = response.status;
  const where = `${url.origin}${url.pathname}`;
  const wait = retryAfterSeconds(response.headers);
  const requestId = response.headers.get("x-request-id");
  const providerResponse = { status, ...(requestId ? { request_id: requestId.slice(0, 100) } : {}) };
  switch (status) {
    case 401: {
      const wanted = challenge(response);
      return new ProviderCheckError(
        "auth_failed",
        hasAuth
          ? `The feed server refused the credentials (HTTP 401${wanted ? `, ${wanted}` : ""}): check auth.`
          : `The feed requires authentication (HTTP 401${wanted ? `, ${wanted}` : ""}): configure auth.`,
        { providerResponse },
      );
    }
    case 403:
      return new ProviderCheckError(
        "permission_denied",
        `The feed server refused access to ${where} (HTTP 403): check the account may read this feed.`,
        { providerResponse },
      );
    case 404:
      return new ProviderCheckError("not_found", `There is no feed at ${where} (HTTP 404): check feed_url.`, {
        providerResponse,
      });
    case 410:
      return new ProviderCheckError(
        "not_found",
        `The feed at ${where} is gone for good (HTTP 410): find its new address.`,
        { providerResponse },
      );
    case 429:
      return new ProviderCheckError(
        "rate_limited",
        `The feed server is rate limiting requests (HTTP 429)${wait === undefined ? "; retry later." : `; retry in ${wait} s.`}`,
        { providerResponse, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
      );
    default:
      return new ProviderCheckError(
        "provider_error",
        status >= 500
          ? `The feed server failed with HTTP ${status}; retry later.`
          : `The feed server answered HTTP ${status} to ${where}.`,
        { providerResponse, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
      );
  }
}
