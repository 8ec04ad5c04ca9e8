import {
  type FakeAnswer,
  type FakeHttpServer,
  type FakeHttpServerOptions,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from "@plugboard/testkit";

/** Credentials the fake feed server accepts on its private feeds. */
export const FEED_AUTH = {
  username: "reader",
  password: "feed password 42",
  token: "feedtok_6b1d9e3a7c",
  header: { name: "X-Feed-Key", value: "feedkey_2c8f4a1e9b" },
} as const;

/** The ETag of `/feed.xml`. */
export const FEED_ETAG = '"feed-v42"';
/** The Last-Modified of `/feed.xml`. */
export const FEED_LAST_MODIFIED = "Wed, 01 Jan 2025 10:00:00 GMT";

/** A small RSS 2.0 feed with three dated items (the newest on 2025-01-01). */
export const SAMPLE_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Plugboard release notes</title>
  <link>https://example.com/</link>
  <description>What changed</description>
  <item><title>0.3</title><guid>r3</guid><pubDate>Wed, 01 Jan 2025 09:30:00 GMT</pubDate></item>
  <item><title>0.2</title><guid>r2</guid><pubDate>Sun, 01 Dec 2024 09:30:00 +0000</pubDate></item>
  <item><title>0.1</title><guid>r1</guid><pubDate>Fri, 01 Nov 2024 09:30:00 EST</pubDate></item>
</channel></rss>
`;

/** A JSON Feed 1.1 with two items. */
export const SAMPLE_JSON_FEED = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "Plugboard JSON",
  items: [
    { id: "2", content_text: "two", date_published: "2025-02-02T10:00:00Z" },
    { id: "1", content_text: "one", date_published: "2025-01-02T10:00:00Z" },
  ],
});

/** An HTML page announcing its feeds the autodiscovery way. */
export const SAMPLE_PAGE = `<!DOCTYPE html>
<html><head><title>Plugboard &amp; friends</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="https://example.com/atom.xml">
</head><body><h1>Blog</h1></body></html>
`;

/**
 * An ISO-8859-2 feed whose title is "Łódź news" (Ł = 0xA3, ó = 0xF3, ź = 0xBC in that charset), written
 * byte by byte: decoded as UTF-8 or Latin-1 it reads differently.
 */
export const LATIN2_FEED = Buffer.from(
  '<?xml version="1.0"?><rss version="2.0"><channel><title>\u00a3\u00f3d\u00bc news</title>' +
    "<item><title>a</title></item></channel></rss>",
  "latin1",
);

/** A GBK/GB2312 feed titled "中文" (D6D0 CEC4), declared only in its XML declaration. */
export const GB2312_FEED = Buffer.concat([
  Buffer.from('<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>', "latin1"),
  Buffer.from([0xd6, 0xd0, 0xce, 0xc4]),
  Buffer.from("</title><item><title>a</title></item></channel></rss>", "latin1"),
]);

/** Options of {@link startFeedFake}. */
export interface FeedFakeOptions {
  /** Where `/to-other-host.xml` redirects (another loopback host). */
  otherOrigin?: string;
  /** Extra routes (path → answer), e.g. corpus files. */
  files?: Record<string, FakeAnswer>;
  server?: FakeHttpServerOptions;
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** RFC 9110 §13.1: If-None-Match decides when present; If-Modified-Since only without it. */
function notModified(request: RecordedRequest): boolean {
  const ifNoneMatch = header(request, "if-none-match");
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(/\s*,\s*/).includes(FEED_ETAG);
  const since = Date.parse(header(request, "if-modified-since") ?? "");
  return Number.isFinite(since) && since >= Date.parse(FEED_LAST_MODIFIED);
}

const RSS_TYPE = { "content-type": "application/rss+xml; charset=utf-8" };

function rss(reply: FakeReply, extra: Record<string, string> = {}) {
  return reply.send({ status: 200, headers: { ...RSS_TYPE, ...extra }, body: SAMPLE_RSS });
}

/** The private feeds: each checks its credential and answers 401 with a challenge otherwise. */
function privateFeed(request: RecordedRequest, reply: FakeReply, kind: string) {
  const basic = `Basic ${Buffer.from(`${FEED_AUTH.username}:${FEED_AUTH.password}`).toString("base64")}`;
  const accepted =
    (kind === "basic" && header(request, "authorization") === basic) ||
    (kind === "bearer" && header(request, "authorization") === `Bearer ${FEED_AUTH.token}`) ||
    (kind === "header" && header(request, FEED_AUTH.header.name.toLowerCase()) === FEED_AUTH.header.value);
  if (accepted) return rss(reply);
  const challenge = kind === "basic" ? 'Basic realm="feed"' : kind === "bearer" ? 'Bearer realm="feed"' : "";
  return reply.send({
    status: 401,
    headers: { "content-type": "text/plain", ...(challenge ? { "www-authenticate": challenge } : {}) },
    body: "Unauthorized",
  });
}

/**
 * A fake feed server behaving like real ones: feeds with realistic content types, ETag/Last-Modified and
 * 304s, private feeds behind Basic, bearer or a custom header (401 + WWW-Authenticate otherwise), the
 * usual error statuses, redirects (permanent, temporary, looping, to a private address, to another host),
 * an HTML page with autodiscovery links, an oversized body, non-UTF-8 feeds and entity attacks.
 */
export function startFeedFake(options: FeedFakeOptions = {}): Promise<FakeHttpServer> {
  return startFakeHttpServer((request, reply) => {
    const path = request.url.pathname;
    const file = options.files?.[path];
    if (file) return reply.send(file);
    switch (path) {
      case "/feed.xml":
        if (notModified(request))
          return reply.send({
            status: 304,
            headers: { etag: FEED_ETAG, "last-modified": FEED_LAST_MODIFIED },
          });
        return rss(reply, { etag: FEED_ETAG, "last-modified": FEED_LAST_MODIFIED });
      case "/private/basic.xml":
        return privateFeed(request, reply, "basic");
      case "/private/bearer.xml":
        return privateFeed(request, reply, "bearer");
      case "/private/header.xml":
        return privateFeed(request, reply, "header");
      case "/feed.json":
        return reply.send({ headers: { "content-type": "application/feed+json" }, body: SAMPLE_JSON_FEED });
      case "/forbidden.xml":
        return reply.text(403, "Forbidden");
      case "/gone.xml":
        return reply.text(410, "Gone");
      case "/busy.xml":
        return reply.text(429, "Too Many Requests", { "retry-after": "120" });
      case "/broken.xml":
        return reply.text(502, "Bad Gateway");
      case "/moved.xml":
        return reply.send({ status: 301, headers: { location: "/feed.xml" } });
      case "/moved-twice.xml":
        return reply.send({ status: 308, headers: { location: "/moved.xml" } });
      case "/temporary.xml":
        return reply.send({ status: 302, headers: { location: "/feed.xml" } });
      case "/loop.xml":
        return reply.send({ status: 302, headers: { location: "/loop.xml" } });
      case "/to-private.xml":
        return reply.send({ status: 302, headers: { location: "http://10.0.0.1/feed.xml" } });
      case "/to-other-host.xml":
        return reply.send({ status: 302, headers: { location: `${options.otherOrigin}/feed.xml` } });
      case "/blog/":
        return reply.send({ headers: { "content-type": "text/html; charset=utf-8" }, body: SAMPLE_PAGE });
      case "/notes.txt":
        return reply.text(200, "just some text");
      case "/empty.xml":
        return reply.send({ headers: RSS_TYPE, body: "" });
      case "/huge.xml":
        return reply.send({ headers: RSS_TYPE, body: Buffer.alloc(10 * 1_024 * 1_024 + 1, 0x20) });
      case "/truncated.xml":
        return reply.send({ headers: RSS_TYPE, body: SAMPLE_RSS.slice(0, 200) });
      case "/latin2.xml":
        return reply.send({
          headers: { "content-type": "application/rss+xml; charset=ISO-8859-2" },
          body: LATIN2_FEED,
        });
      case "/gb2312.xml":
        return reply.send({ headers: { "content-type": "text/xml" }, body: GB2312_FEED });
      default:
        return reply.text(404, "Not Found");
    }
  }, options.server);
}
