/** Statuses that send the client elsewhere (with a `Location`). */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Redirects followed at most: by the egress guard's fetch (unless configured), and by checks that follow by hand. */
export const MAX_REDIRECTS = 5;

/** Whether `status` is a redirect (301, 302, 303, 307, 308). */
export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * Whether a redirect from `from` to `to` stays on the same host: the same origin, or the same host name upgraded
 * from http to https. Where credentials configured for one host may follow a redirect.
 */
export function isSameHost(from: URL, to: URL): boolean {
  if (to.hostname !== from.hostname) return false;
  if (to.protocol === from.protocol) return to.port === from.port;
  return from.protocol === "http:" && to.protocol === "https:";
}
