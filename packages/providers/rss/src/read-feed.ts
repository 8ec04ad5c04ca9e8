import { ProviderCheckError } from "@plugboard/core";
import { decodeFeedText } from "./decode-feed-text.js";
import { type FeedSummary, summarizeFeed } from "./feed-summary.js";
import { inspectHtmlPage, looksLikeHtml } from "./html-page.js";

type Feedsmith = typeof import("feedsmith");

/** A parsed feed as test() reports it. */
export interface ReadFeedResult extends FeedSummary {
  /** The encoding the bytes were decoded with. */
  encoding: string;
  /** Something read leniently that the user may want to fix. */
  note?: string;
}

/** How far into a document its prolog and root element are looked for. */
const HEAD_CHARS = 64 * 1_024;
const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/;

function locationOf(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The name of the first element, e.g. `rss`, `feed`, `html`. */
function rootElementName(text: string): string | undefined {
  return /<([A-Za-z_][\w.:-]{0,40})/.exec(text.slice(0, HEAD_CHARS))?.[1];
}

/**
 * Whether the document carries a DTD internal subset declaring entities. Feeds never need one, and it
 * is how entity-expansion ("billion laughs") and external-entity (XXE) attacks are delivered, so such a
 * document is refused before any parser sees it. (feedsmith expands nothing either: this is the second wall.)
 */
function declaresEntities(text: string): boolean {
  const head = text.slice(0, HEAD_CHARS);
  const doctype = /<!DOCTYPE\b[^>[]*\[/i.exec(head);
  if (!doctype || /<[A-Za-z_]/.test(head.slice(0, doctype.index))) return false;
  return /<!ENTITY\b/i.test(head.slice(doctype.index));
}

/** The failure for a document that is not a feed: an HTML page (naming the feeds it links to) or other. */
function notAFeed(text: string, contentType: string, url: URL): ProviderCheckError {
  const where = locationOf(url);
  const type = contentType.split(";")[0]?.trim() || "no content type";
  if (looksLikeHtml(text, contentType)) {
    const page = inspectHtmlPage(text, url);
    const named = page.title ? ` ("${page.title}")` : "";
    let advice: string;
    if (page.feeds.length === 1) advice = `it links to the feed ${page.feeds[0]}: set feed_url to it.`;
    else if (page.feeds.length > 1)
      advice = `it links to the feeds ${page.feeds.join(", ")}: set feed_url to one of them.`;
    else if (page.movedTo)
      advice = `it says the document moved to ${page.movedTo}: try that address as feed_url.`;
    else advice = `it links to no feed (<link rel="alternate">): set feed_url to the feed's own address.`;
    return new ProviderCheckError("not_found", `${where} is an HTML page${named}, not a feed; ${advice}`, {
      providerResponse: {
        content_type: type,
        ...(page.title ? { page_title: page.title } : {}),
        discovered_feeds: page.feeds,
        ...(page.movedTo ? { moved_to: page.movedTo } : {}),
      },
    });
  }
  const root = rootElementName(text);
  const what = root ? `an XML document whose root is <${root}>` : `${type} content`;
  return new ProviderCheckError(
    "not_found",
    `${where} is not an RSS, Atom or JSON feed (it answered ${what}): check feed_url.`,
    { providerResponse: { content_type: type, ...(root ? { root_element: root } : {}) } },
  );
}

/**
 * A JSON Feed, read leniently: a document with an `items` list whose `version` is not the spec's URL
 * (`"1.0"`, missing) is still a JSON Feed to any reader, so it is read as version 1 or 1.1 and the
 * result says so, instead of failing where feedsmith alone would.
 */
function readJsonFeed(
  text: string,
  contentType: string,
  url: URL,
  feedsmith: Feedsmith,
): FeedSummary & {
  note?: string;
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProviderCheckError(
      "provider_error",
      `${locationOf(url)} looks like a JSON Feed but is not valid JSON (${(error as Error).message.slice(0, 120)}).`,
    );
  }
  const document = typeof json === "object" && json !== null && !Array.isArray(json) ? json : undefined;
  const items = document && (document as Record<string, unknown>).items;
  if (!document || !Array.isArray(items)) {
    throw new ProviderCheckError(
      "not_found",
      `${locationOf(url)} answered JSON that is not a JSON Feed (no "items" list): check feed_url.`,
      { providerResponse: { content_type: contentType.split(";")[0]?.trim() ?? "" } },
    );
  }
  const declared = (document as Record<string, unknown>).version;
  const standard = typeof declared === "string" && JSON_FEED_VERSION.test(declared);
  const version = standard
    ? `https://jsonfeed.org/version/1${JSON_FEED_VERSION.exec(declared)?.[1] ?? ""}`
    : `https://jsonfeed.org/version/${typeof declared === "string" && declared.startsWith("1.1") ? "1.1" : "1"}`;
  let feed: unknown;
  try {
    feed = feedsmith.parseJsonFeed({ ...document, version });
  } catch (error) {
    throw new ProviderCheckError(
      "provider_error",
      `${locationOf(url)} could not be read as a JSON Feed (${(error as Error).message.slice(0, 120)}).`,
    );
  }
  const summary = summarizeFeed("json", feed, text, version);
  if (standard) return summary;
  const shown = typeof declared === "string" ? `"${declared.slice(0, 20)}"` : "missing";
  return {
    ...summary,
    note: `its "version" is ${shown} instead of a https://jsonfeed.org/version/ URL, so it was read leniently`,
  };
}

/**
 * Decodes and parses a fetched body as RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 (feedsmith,
 * loaded on first use). Not a feed → not_found (naming the feed an HTML page links to); a broken feed,
 * or one declaring XML entities → provider_error.
 */
export async function readFeed(body: Uint8Array, contentType: string, url: URL): Promise<ReadFeedResult> {
  if (body.byteLength === 0) {
    throw new ProviderCheckError(
      "provider_error",
      `${locationOf(url)} answered an empty body instead of a feed.`,
    );
  }
  const { text, encoding } = decodeFeedText(body, contentType);
  const feedsmith = await import("feedsmith");
  if (/^\s*[{[]/.test(text.slice(0, 1_024)))
    return { ...readJsonFeed(text, contentType, url, feedsmith), encoding };
  if (declaresEntities(text)) {
    throw new ProviderCheckError(
      "provider_error",
      `The feed at ${locationOf(url)} declares its own XML entities (a DTD internal subset), which is refused: ` +
        "they are how entity-expansion and external-entity attacks work, and feeds do not need them.",
      { providerResponse: { refused: "xml_entity_declarations" } },
    );
  }
  try {
    const parsed = feedsmith.parseFeed(text);
    return { ...summarizeFeed(parsed.format, parsed.feed, text), encoding };
  } catch (error) {
    if (error instanceof feedsmith.DetectError) throw notAFeed(text, contentType, url);
    const root = rootElementName(text);
    throw new ProviderCheckError(
      "provider_error",
      `The ${root ? `<${root}> ` : ""}document at ${locationOf(url)} could not be read as a feed: it is malformed, ` +
        "truncated, or has no channel or entries.",
      {
        providerResponse: {
          ...(root ? { root_element: root } : {}),
          parser_error: String((error as Error).message).slice(0, 120),
        },
      },
    );
  }
}
