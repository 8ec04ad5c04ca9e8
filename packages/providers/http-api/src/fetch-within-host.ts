import {
  type CheckContext,
  type GuardedHttpResponse,
  isRedirectStatus,
  isSameHost,
  MAX_REDIRECTS,
  ProviderCheckError,
} from "@plugboard/core";

/** The last response of a request and where it came from. */
export interface FetchedResponse {
  response: GuardedHttpResponse;
  /** The URL that gave `response`. */
  url: URL;
  /** Redirects followed to get there. */
  redirects: number;
  /** Set when `response` is a redirect to another host, which is not followed (the credentials would go along). */
  redirectedAway?: URL;
}

/**
 * Sends a request through the egress guard, following redirects itself (at most {@link MAX_REDIRECTS},
 * each a new guarded request) but only within the same host: credentials configured for one API are
 * never sent to another host, whatever header carries them. A redirect elsewhere is returned unfollowed.
 */
export async function fetchWithinHost(
  ctx: CheckContext,
  url: URL,
  init: { method: "GET" | "HEAD"; headers: Record<string, string> },
  followRedirects: boolean,
): Promise<FetchedResponse> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await ctx.request(current, {
      method: init.method,
      headers: init.headers,
      signal: ctx.signal,
    });
    const location = response.headers.get("location");
    if (!followRedirects || !isRedirectStatus(response.status) || location === null) {
      return { response, url: current, redirects };
    }
    const next = URL.parse(location, current.href);
    if (next === null || !isSameHost(current, next)) {
      return { response, url: current, redirects, ...(next ? { redirectedAway: next } : {}) };
    }
    await response.discard();
    if (redirects >= MAX_REDIRECTS) {
      throw new ProviderCheckError(
        "provider_error",
        `The API redirected more than ${MAX_REDIRECTS} times (the last to ${next.origin}${next.pathname}).`,
      );
    }
    current = next;
  }
}
