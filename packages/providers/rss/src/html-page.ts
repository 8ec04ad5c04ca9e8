/** Media types a page uses in `<link rel="alternate" type=…>` to announce a feed. */
const FEED_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/feed+json",
  "application/rdf+xml",
  "application/json",
]);
/** An HTML page's head is near its start; scanning more costs time and finds nothing new. */
const MAX_SCANNED_CHARS = 512 * 1_024;
const MAX_FEEDS = 5;

/** What an HTML page says about feeds. */
export interface HtmlPageInfo {
  title?: string;
  /** Absolute http(s) URLs of the feeds it announces with `<link rel="alternate">`, in page order. */
  feeds: string[];
  /** For a "document moved" page without feed links: where it says the document went. */
  movedTo?: string;
}

/** Whether a response that is not a feed is an HTML page (by its type, or its first tag). */
export function looksLikeHtml(text: string, contentType: string): boolean {
  if (/^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType)) return true;
  return /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b/i.test(
    text.slice(0, 4_096),
  );
}

/** The attributes of one start tag, names lower-cased, values with the common entities decoded. */
function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    attributes.set((match[1] ?? "").toLowerCase(), decodeEntities(value));
  }
  return attributes;
}

/** The character of a numeric reference; out-of-range references are dropped rather than thrown on. */
function character(codePoint: number): string {
  return codePoint >= 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "";
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]{1,8});/gi, (_all, hex: string) => character(Number.parseInt(hex, 16)))
    .replace(/&#(\d{1,10});/g, (_all, decimal: string) => character(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** An absolute http(s) URL for `href` on the page, or undefined. */
function absolute(href: string, base: URL): string | undefined {
  const url = URL.parse(href.trim(), base.href);
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url.href : undefined;
}

function titleOf(html: string): string | undefined {
  const raw = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const title = raw === undefined ? undefined : decodeEntities(raw).replace(/\s+/g, " ").trim();
  return title ? title.slice(0, 100) : undefined;
}

/**
 * Reads an HTML page for feed autodiscovery: the `<link rel="alternate">` tags announcing RSS, Atom or
 * JSON feeds (relative to `<base href>` or the page URL), its title, and for a "moved" page without them
 * the link it points to. Pattern matching is enough here: the result only names candidates in a message.
 */
export function inspectHtmlPage(text: string, pageUrl: URL): HtmlPageInfo {
  const html = text.slice(0, MAX_SCANNED_CHARS);
  const baseHref = /<base\b[^>]*>/i.exec(html)?.[0];
  const base = (baseHref && URL.parse(attributesOf(baseHref).get("href") ?? "", pageUrl.href)) || pageUrl;
  const feeds: string[] = [];
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const attributes = attributesOf(tag);
    const rel = (attributes.get("rel") ?? "").toLowerCase().split(/\s+/);
    const type = (attributes.get("type") ?? "").toLowerCase().split(";")[0]?.trim() ?? "";
    const href = attributes.get("href");
    if (!rel.includes("alternate") || !FEED_TYPES.has(type) || !href) continue;
    const url = absolute(href, base);
    if (url && !feeds.includes(url) && feeds.length < MAX_FEEDS) feeds.push(url);
  }
  const title = titleOf(html);
  const info: HtmlPageInfo = { feeds, ...(title ? { title } : {}) };
  if (feeds.length === 0 && /\b(moved|redirect)/i.test(html)) {
    const anchor = /<a\b[^>]*\bhref\s*=[^>]*>/i.exec(html)?.[0];
    const href = anchor ? attributesOf(anchor).get("href") : undefined;
    const movedTo = href ? absolute(href, base) : undefined;
    if (movedTo) info.movedTo = movedTo;
  }
  return info;
}
