/** The feed formats test() recognises. */
export type FeedFormat = "rss" | "atom" | "rdf" | "json";

/** What test() reports about a feed. */
export interface FeedSummary {
  format: FeedFormat;
  /** Human name of the format and version, e.g. "RSS 2.0", "Atom 1.0", "JSON Feed 1.1". */
  version: string;
  title?: string;
  itemCount: number;
  /** ISO 8601 date of the newest item, when any item is dated. */
  newestItemDate?: string;
}

/** Where feedsmith puts an item's dates, per format and namespace (values are strings or string lists). */
const ITEM_DATE_PATHS: ReadonlyArray<readonly string[]> = [
  ["pubDate"],
  ["published"],
  ["updated"],
  ["date_published"],
  ["date_modified"],
  ["dc", "dates"],
  ["dcterms", "modified"],
  ["dcterms", "created"],
  ["dcterms", "issued"],
  ["atom", "updated"],
  ["atom", "published"],
];
const MAX_TITLE_LENGTH = 200;

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A feed title: a string (RSS, RDF, JSON) or an Atom text construct `{ value }`, whitespace collapsed. */
function titleText(title: unknown): string | undefined {
  const raw = typeof title === "string" ? title : at(title, ["value"]);
  if (typeof raw !== "string") return undefined;
  const text = raw.replace(/\s+/g, " ").trim();
  return text ? text.slice(0, MAX_TITLE_LENGTH) : undefined;
}

/** The newest parseable date among the items (RFC 822 and ISO 8601 both parse with Date.parse). */
function newestDate(items: readonly unknown[]): string | undefined {
  let newest = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    for (const path of ITEM_DATE_PATHS) {
      const found = at(item, path);
      for (const value of Array.isArray(found) ? found : [found]) {
        const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
        if (Number.isFinite(time) && time > newest) newest = time;
      }
    }
  }
  return Number.isFinite(newest) ? new Date(newest).toISOString() : undefined;
}

/** The format's version, read from the root element (feedsmith reports the format, not the version). */
function versionLabel(format: FeedFormat, text: string, jsonVersion?: string): string {
  const head = text.slice(0, 8_192);
  switch (format) {
    case "rss": {
      const version = /<rss\b[^>]*?\bversion\s*=\s*["']([\w.]{1,10})["']/i.exec(head)?.[1];
      return version ? `RSS ${version}` : "RSS";
    }
    case "rdf":
      return head.includes("my.netscape.com/rdf/simple/0.9") ? "RSS 0.90 (RDF)" : "RSS 1.0 (RDF)";
    case "atom":
      return /purl\.org\/atom\/ns#|<feed\b[^>]*?\bversion\s*=\s*["']0\.3["']/i.test(head)
        ? "Atom 0.3"
        : "Atom 1.0";
    case "json": {
      const version = /(\d+(?:\.\d+)?)\/?$/.exec(jsonVersion ?? "")?.[1] ?? "1";
      return `JSON Feed ${version === "1" ? "1.0" : version}`;
    }
  }
}

/** Summarises feedsmith's output (format-specific objects) into what a test reports. */
export function summarizeFeed(
  format: FeedFormat,
  feed: unknown,
  text: string,
  jsonVersion?: string,
): FeedSummary {
  const items = at(feed, [format === "atom" ? "entries" : "items"]);
  const list = Array.isArray(items) ? items : [];
  const title = titleText(at(feed, ["title"]));
  const newestItemDate = newestDate(list);
  return {
    format,
    version: versionLabel(format, text, jsonVersion),
    itemCount: list.length,
    ...(title ? { title } : {}),
    ...(newestItemDate ? { newestItemDate } : {}),
  };
}
