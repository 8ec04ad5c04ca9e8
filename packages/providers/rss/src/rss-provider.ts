import { defineProvider } from "@plugboard/core";
import { type FetchedFeed, fetchFeed } from "./fetch-feed.js";
import { type ReadFeedResult, readFeed } from "./read-feed.js";
import { rssConfigSchema } from "./rss-schema.js";

function countItems(count: number): string {
  return count === 0 ? "no items yet" : count === 1 ? "1 item" : `${count} items`;
}

/** The validators and address details worth storing, common to a 200 and a 304. */
function fetchDetails(fetched: FetchedFeed) {
  return {
    final_url: fetched.url.href,
    redirects: fetched.redirects,
    ...(fetched.movedPermanentlyTo ? { moved_permanently_to: fetched.movedPermanentlyTo.href } : {}),
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { last_modified: fetched.lastModified } : {}),
  };
}

function movedNote(fetched: FetchedFeed): string {
  return fetched.movedPermanentlyTo
    ? ` The feed moved permanently to ${fetched.movedPermanentlyTo.href}: update feed_url.`
    : "";
}

function successMessage(feed: ReadFeedResult, fetched: FetchedFeed): string {
  const name = feed.title ? `"${feed.title}"` : "an untitled feed";
  const newest = feed.newestItemDate
    ? `, the newest from ${feed.newestItemDate}`
    : feed.itemCount
      ? ", undated"
      : "";
  const note = feed.note ? ` Note: ${feed.note}.` : "";
  return `Read ${name} (${feed.version}): ${countItems(feed.itemCount)}${newest}.${note}${movedNote(fetched)}`;
}

/**
 * `rss`: an RSS 0.9x/1.0/2.0, Atom or JSON Feed, public or behind Basic, bearer or custom-header auth.
 * `test()` fetches it through the egress guard (redirects re-checked, size capped, conditional GET
 * honoured), decodes its charset and parses it, reporting format, title, item count and newest date.
 */
export default defineProvider({
  type: "rss",
  displayName: "RSS / Atom feed",
  description: "RSS, Atom and JSON feeds fetched through the egress guard.",
  docsUrl: "https://plugboard.dev/docs/providers/rss",
  configSchema: rssConfigSchema,
  secretFields: ["auth.password", "auth.token", "auth.value"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    const fetched = await ctx.step("fetch feed", () => fetchFeed(ctx, config));
    if (fetched.notModified) {
      return {
        message:
          `The feed at ${fetched.url.href} is reachable and unchanged since the stored validators ` +
          `(304 Not Modified).${movedNote(fetched)}`,
        providerResponse: { status: 304, ...fetchDetails(fetched) },
      };
    }
    const feed = await ctx.step("parse feed", () => readFeed(fetched.body, fetched.contentType, fetched.url));
    return {
      message: successMessage(feed, fetched),
      providerResponse: {
        format: feed.format,
        version: feed.version,
        ...(feed.title ? { title: feed.title } : {}),
        item_count: feed.itemCount,
        ...(feed.newestItemDate ? { newest_item_date: feed.newestItemDate } : {}),
        content_type: fetched.contentType,
        encoding: feed.encoding,
        bytes: fetched.body.byteLength,
        ...fetchDetails(fetched),
      },
    };
  },
});
