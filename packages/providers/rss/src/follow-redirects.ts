import {
  type CheckContext,
  discardBody,
  isRedirectStatus,
  isSameHost,
  MAX_REDIRECTS,
  ProviderCheckError,
} from "@plugboard/core";

const PERMANENT_STATUSES = new Set([301, 308]);

/** The final response of a redirect chain. */
export interface RedirectedResponse {
  response: Response;
  /** The URL that gave `response`. */
  url: URL;
  redirects: number;
  /** The final URL when every hop was permanent (301/308): the address to store instead. */
  movedPermanentlyTo?: URL;
}

/**
 * GETs `url` through the egress guard, following redirects hop by hop (at most {@link MAX_REDIRECTS}; each
 * hop is a new guarded request, so the policy sees every destination). Feeds move between hosts, so every
 * redirect is followed, but the credential headers are dropped as soon as a hop leaves the host: a feed's
 * password or key is never sent to whoever it redirects to.
 */
export async function getFollowingRedirects(
  ctx: CheckContext,
  url: URL,
  headers: Headers,
  credentialHeaders: readonly string[],
): Promise<RedirectedResponse> {
  let current = url;
  let permanent = true;
  for (let redirects = 0; ; redirects++) {
    const response = await ctx.fetch(current, { headers, redirect: "manual", signal: ctx.signal });
    const location = response.headers.get("location");
    if (!isRedirectStatus(response.status) || location === null) {
      const moved = redirects > 0 && permanent ? { movedPermanentlyTo: current } : {};
      return { response, url: current, redirects, ...moved };
    }
    await discardBody(response);
    const next = URL.parse(location, current.href);
    if (next === null || (next.protocol !== "http:" && next.protocol !== "https:")) {
      throw new ProviderCheckError(
        "provider_error",
        `The feed server redirected to an address that is not http(s) (HTTP ${response.status}).`,
        { providerResponse: { status: response.status } },
      );
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new ProviderCheckError(
        "provider_error",
        `The feed URL redirected more than ${MAX_REDIRECTS} times (the last to ${next.origin}${next.pathname}).`,
      );
    }
    permanent &&= PERMANENT_STATUSES.has(response.status);
    if (!isSameHost(current, next)) for (const name of credentialHeaders) headers.delete(name);
    current = next;
  }
}
