import { type CheckContext, discardBody } from "@plugboard/core";
import { feedStatusFailure } from "./feed-status-failure.js";
import { getFollowingRedirects } from "./follow-redirects.js";
import { readCappedBody } from "./read-capped-body.js";
import type { RssAuth, RssConfig } from "./rss-schema.js";

const ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/json;q=0.8, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
const USER_AGENT = "Plugboard feed check (+https://plugboard.dev/docs/providers/rss)";

/** What fetching the feed gave: a body, or a 304 for the stored validators. */
export interface FetchedFeed {
  /** The URL that answered (after redirects). */
  url: URL;
  redirects: number;
  movedPermanentlyTo?: URL;
  notModified: boolean;
  body: Uint8Array;
  contentType: string;
  etag?: string;
  lastModified?: string;
}

/** The credential header of the auth method: [name, value]. */
function credentialHeader(auth: RssAuth): [string, string] {
  switch (auth.type) {
    case "basic":
      return [
        "authorization",
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
      ];
    case "bearer":
      return ["authorization", `Bearer ${auth.token}`];
    case "header":
      return [auth.name, auth.value];
  }
}

function requestHeaders(config: RssConfig): { headers: Headers; credentialHeaders: string[] } {
  const headers = new Headers({ accept: ACCEPT, "user-agent": USER_AGENT });
  const { etag, last_modified: lastModified } = config.conditional_get ?? {};
  if (etag) headers.set("if-none-match", etag);
  if (lastModified) headers.set("if-modified-since", lastModified);
  if (!config.auth) return { headers, credentialHeaders: [] };
  const [name, value] = credentialHeader(config.auth);
  headers.set(name, value);
  return { headers, credentialHeaders: [name] };
}

/**
 * GETs the feed through the egress guard with the configured credentials and validators, following up
 * to 5 redirects, and reads the body under the size cap. A 304 is success (the stored validators still
 * match); an error status becomes its category.
 */
export async function fetchFeed(ctx: CheckContext, config: RssConfig): Promise<FetchedFeed> {
  const { headers, credentialHeaders } = requestHeaders(config);
  const { response, url, redirects, movedPermanentlyTo } = await getFollowingRedirects(
    ctx,
    new URL(config.feed_url),
    headers,
    credentialHeaders,
  );
  const validators = {
    ...(response.headers.get("etag") ? { etag: response.headers.get("etag") as string } : {}),
    ...(response.headers.get("last-modified")
      ? { lastModified: response.headers.get("last-modified") as string }
      : {}),
  };
  const common = { url, redirects, ...(movedPermanentlyTo ? { movedPermanentlyTo } : {}), ...validators };
  if (response.status === 304) {
    await discardBody(response);
    return { ...common, notModified: true, body: new Uint8Array(), contentType: "" };
  }
  if (response.status < 200 || response.status >= 300) {
    await discardBody(response);
    throw feedStatusFailure(response, url, config.auth !== undefined);
  }
  const body = await readCappedBody(response);
  return { ...common, notModified: false, body, contentType: response.headers.get("content-type") ?? "" };
}
