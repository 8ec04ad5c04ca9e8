import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EgressGuardFactory, TestOptions } from "@plugboard/core";
import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, describe, expect, it } from "vitest";
import {
  FEED_AUTH,
  FEED_ETAG,
  FEED_LAST_MODIFIED,
  type FeedFakeOptions,
  SAMPLE_RSS,
  startFeedFake,
} from "./__tests__/rss-fake.js";
import provider from "./rss-provider.js";

const basic = (password: string = FEED_AUTH.password) => ({
  type: "basic",
  username: FEED_AUTH.username,
  password,
});

/** A conformance scenario: the fake feed server, and a config for one of its paths (with Basic auth). */
const against =
  (path: string, auth: unknown = basic()) =>
  async () => {
    const fake = await startFeedFake();
    return { config: { feed_url: `${fake.url}${path}`, auth }, cleanup: fake.close };
  };

describe("rss provider", () => {
  testProviderConformance({
    provider,
    validConfigs: [
      { feed_url: "https://example.com/feed.xml" },
      { feed_url: "http://10.0.0.8/feed", auth: { type: "bearer", token: "tok-123456" } },
      {
        feed_url: "https://example.com/private.rss",
        auth: { type: "header", name: "X-Feed-Key", value: "k-123456" },
        conditional_get: { etag: '"abc"', last_modified: "Wed, 01 Jan 2025 10:00:00 GMT" },
      },
      {
        feed_url: "https://example.com/feed.xml",
        auth: { type: "basic", username: "u", password: "p-123456" },
      },
      // Vendor shapes: a private feed's user name and password without type (read as basic), a podcast feed
      // with its token in the query, and the seed API's description and provider_type.
      {
        feed_url: "https://example.com/members/feed.xml",
        auth: { username: "reader", password: "p-654321" },
      },
      { feed_url: "https://feeds.example-podcasts.fm/EXM1234567890?auth=Zx8Kq2mP4vN7" },
      { feed_url: "https://example.com/?feed=rss2", description: "Company blog", provider_type: "rss" },
    ],
    invalidConfigs: [
      { config: { feed_url: "feed://example.com/feed.xml" }, path: "feed_url" },
      { config: { feed_url: "itpc://feeds.example-podcasts.fm/EXM1" }, path: "feed_url" },
      { config: { feed_url: "example.com/feed.xml" }, path: "feed_url" },
      {
        config: { feed_url: "https://example.com/f", auth: { token: "Bearer tok-123456" } },
        path: "auth.token",
      },
      {
        config: { feed_url: "https://example.com/f", auth: { username: "u:p-123456", password: "x" } },
        path: "auth.username",
      },
      { config: { feed_url: "ftp://example.com/feed.xml" }, path: "feed_url" },
      {
        config: { feed_url: "https://example.com/f", auth: { type: "basic", username: "u", password: "" } },
        path: "auth.password",
      },
      {
        config: { feed_url: "https://example.com/f", auth: { type: "header", name: "X Key", value: "v" } },
        path: "auth.name",
      },
      {
        config: {
          feed_url: "https://example.com/f",
          auth: { type: "header", name: "X-Key", value: "v\r\nX-Evil: 1" },
        },
        path: "auth.value",
      },
      {
        config: { feed_url: "https://example.com/f", conditional_get: { etag: "a\nb" } },
        path: "conditional_get.etag",
      },
    ],
    success: against("/private/basic.xml"),
    failures: {
      auth_failed: against("/private/basic.xml", basic("wrong password")),
      permission_denied: against("/forbidden.xml"),
      not_found: against("/no-such-feed.xml"),
      rate_limited: against("/busy.xml"),
      provider_error: against("/broken.xml"),
      network_error: async () => ({
        config: { feed_url: `http://127.0.0.1:${await getRefusedPort()}/feed.xml`, auth: basic() },
      }),
      blocked_by_policy: () => ({ config: { feed_url: "http://10.0.0.1/feed.xml", auth: basic() } }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: { feed_url: `${server.url}/feed.xml`, auth: basic() }, cleanup: server.close };
    },
  });
});

describe("rss test()", () => {
  const guards: EgressGuardFactory[] = [];
  const loopback = (): TestOptions => {
    const guard = createLoopbackGuard();
    guards.push(guard);
    return { egress: guard };
  };
  afterAll(async () => {
    await Promise.all(guards.map((guard) => guard.close()));
  });

  async function testFeed(
    path: string,
    extra: Record<string, unknown> = {},
    fakeOptions: FeedFakeOptions = {},
  ) {
    const fake = await startFeedFake(fakeOptions);
    try {
      const result = await provider.test({ feed_url: `${fake.url}${path}`, ...extra }, loopback());
      return { result, requests: fake.requests, origin: fake.url };
    } finally {
      await fake.close();
    }
  }

  it("reports format, title, item count, newest date and the validators to store", async () => {
    const { result, requests } = await testFeed("/feed.xml");
    expect(result.details.result, result.message).toBe("success");
    expect(result.message).toBe(
      'Read "Plugboard release notes" (RSS 2.0): 3 items, the newest from 2025-01-01T09:30:00.000Z.',
    );
    expect(result.details.provider_response).toMatchObject({
      format: "rss",
      version: "RSS 2.0",
      title: "Plugboard release notes",
      item_count: 3,
      newest_item_date: "2025-01-01T09:30:00.000Z",
      etag: FEED_ETAG,
      last_modified: FEED_LAST_MODIFIED,
      encoding: "utf-8",
    });
    expect(requests[0]?.headers.accept).toMatch(/application\/rss\+xml/);
    expect(result.details.steps.map((step) => step.name)).toEqual(["fetch feed", "parse feed"]);
  });

  it.each([
    ["bearer", "/private/bearer.xml", { type: "bearer", token: FEED_AUTH.token }],
    ["custom header", "/private/header.xml", { type: "header", ...FEED_AUTH.header }],
  ])("reads a feed behind %s auth, and is refused with a wrong one", async (_kind, path, auth) => {
    const ok = await testFeed(path, { auth });
    expect(ok.result.details.result, ok.result.message).toBe("success");
    const wrong = await testFeed(path, {
      auth:
        auth.type === "bearer" ? { ...auth, token: "feedtok_wrong" } : { ...auth, value: "feedkey_wrong" },
    });
    expect(wrong.result.details.result).toBe("auth_failed");
    expect(wrong.result.message).toMatch(/refused the credentials/);
  });

  it("asks for credentials when a feed needs them and none are configured", async () => {
    const { result } = await testFeed("/private/basic.xml");
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toMatch(/requires authentication .*Basic realm "feed".*configure auth/);
  });

  it("treats 304 Not Modified for the stored ETag or Last-Modified as success", async () => {
    const byEtag = await testFeed("/feed.xml", { conditional_get: { etag: FEED_ETAG } });
    expect(byEtag.result.details.result).toBe("success");
    expect(byEtag.result.message).toMatch(/unchanged .*304 Not Modified/);
    expect(byEtag.requests[0]?.headers["if-none-match"]).toBe(FEED_ETAG);
    expect(byEtag.result.details.provider_response).toMatchObject({ status: 304, etag: FEED_ETAG });

    const byDate = await testFeed("/feed.xml", { conditional_get: { last_modified: FEED_LAST_MODIFIED } });
    expect(byDate.result.message).toMatch(/304/);
    expect(byDate.requests[0]?.headers["if-modified-since"]).toBe(FEED_LAST_MODIFIED);

    const stale = await testFeed("/feed.xml", { conditional_get: { etag: '"feed-v41"' } });
    expect(stale.result.details.provider_response).toMatchObject({ item_count: 3 });
  });

  it("reads JSON Feed", async () => {
    const { result } = await testFeed("/feed.json");
    expect(result.details.result).toBe("success");
    expect(result.details.provider_response).toMatchObject({
      format: "json",
      version: "JSON Feed 1.1",
      item_count: 2,
      newest_item_date: "2025-02-02T10:00:00.000Z",
    });
  });

  it("decodes the charset from Content-Type, or else from the XML declaration", async () => {
    const latin2 = await testFeed("/latin2.xml");
    expect(latin2.result.details.provider_response).toMatchObject({
      title: "Łódź news",
      encoding: "iso-8859-2",
    });
    const gbk = await testFeed("/gb2312.xml");
    expect(gbk.result.details.provider_response).toMatchObject({ title: "中文", encoding: "gbk" });
  });

  it("names the feed an HTML page links to", async () => {
    const { result, origin } = await testFeed("/blog/");
    expect(result.details.result).toBe("not_found");
    expect(result.message).toBe(
      `${origin}/blog/ is an HTML page ("Plugboard & friends"), not a feed; it links to the feeds ` +
        `${origin}/feed.xml, https://example.com/atom.xml: set feed_url to one of them.`,
    );
    expect(result.details.provider_response).toMatchObject({
      discovered_feeds: [`${origin}/feed.xml`, "https://example.com/atom.xml"],
    });
  });

  it("says when a document is not a feed, empty or truncated", async () => {
    const text = await testFeed("/notes.txt");
    expect(text.result.details.result).toBe("not_found");
    expect(text.result.message).toMatch(
      /is not an RSS, Atom or JSON feed \(it answered text\/plain content\)/,
    );
    const empty = await testFeed("/empty.xml");
    expect(empty.result.details.result).toBe("provider_error");
    expect(empty.result.message).toMatch(/empty body/);
    const truncated = await testFeed("/truncated.xml");
    expect(truncated.result.details.result).toBe("provider_error");
    expect(truncated.result.message).toMatch(/<rss> document .* could not be read as a feed/);
  });

  it("follows redirects, suggesting the new address only for permanent ones", async () => {
    const moved = await testFeed("/moved-twice.xml");
    expect(moved.result.details.result).toBe("success");
    expect(moved.result.message).toMatch(
      /moved permanently to http:\/\/127\.0\.0\.1:\d+\/feed\.xml: update feed_url/,
    );
    expect(moved.result.details.provider_response).toMatchObject({ redirects: 2 });
    const temporary = await testFeed("/temporary.xml");
    expect(temporary.result.details.result).toBe("success");
    expect(temporary.result.message).not.toMatch(/moved/);
  });

  it("stops after 5 redirects", async () => {
    const { result, requests } = await testFeed("/loop.xml");
    expect(result.details.result).toBe("provider_error");
    expect(result.message).toMatch(/more than 5 times/);
    expect(requests).toHaveLength(6);
  });

  it("re-checks every redirect against the egress policy", async () => {
    const { result, requests } = await testFeed("/to-private.xml");
    expect(result.details.result).toBe("blocked_by_policy");
    expect(result.message).toMatch(/10\.0\.0\.1/);
    expect(requests).toHaveLength(1);
  });

  it("drops the credentials when a redirect leaves the host", async () => {
    const other = await startFeedFake({ server: { host: "127.0.0.2" } });
    try {
      for (const auth of [basic(), { type: "header", ...FEED_AUTH.header }]) {
        const { result } = await testFeed("/to-other-host.xml", { auth }, { otherOrigin: other.url });
        expect(result.details.result, result.message).toBe("success");
      }
      expect(other.requests).toHaveLength(2);
      for (const request of other.requests) {
        expect(request.headers.authorization).toBeUndefined();
        expect(request.headers["x-feed-key"]).toBeUndefined();
      }
    } finally {
      await other.close();
    }
  });

  it("refuses a body over the size cap", async () => {
    const { result } = await testFeed("/huge.xml");
    expect(result.details.result).toBe("provider_error");
    expect(result.message).toMatch(/larger than 10 MiB/);
  });

  it("maps 410 to not_found, 429 to rate_limited with Retry-After, 5xx to provider_error", async () => {
    const gone = await testFeed("/gone.xml");
    expect([gone.result.details.result, gone.result.message]).toEqual([
      "not_found",
      expect.stringMatching(/gone for good/),
    ]);
    const busy = await testFeed("/busy.xml");
    expect(busy.result.details.result).toBe("rate_limited");
    expect(busy.result.details.retry_after_seconds).toBe(120);
    const broken = await testFeed("/broken.xml");
    expect(broken.result.details.result).toBe("provider_error");
    expect(broken.result.details.retryable).toBe(true);
  });

  describe("XML attacks fail safely", () => {
    let canaryDir = "";
    afterAll(async () => {
      if (canaryDir) await rm(canaryDir, { recursive: true, force: true });
    });

    it("refuses an external entity (XXE) without reading the file", async () => {
      canaryDir = await mkdtemp(join(tmpdir(), "plugboard-xxe-"));
      const canaryFile = join(canaryDir, "canary.txt");
      await writeFile(canaryFile, "XXE-CANARY-7f3a91");
      const body = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${canaryFile}">]>
<rss version="2.0"><channel><title>&xxe;</title><item><title>a</title></item></channel></rss>`;
      const { result } = await testFeed("/xxe.xml", {}, { files: { "/xxe.xml": { body } } });
      expect(result.details.result).toBe("provider_error");
      expect(result.message).toMatch(/declares its own XML entities/);
      expect(JSON.stringify(result)).not.toContain("XXE-CANARY");
    });

    it("refuses an entity-expansion bomb quickly, expanding nothing", async () => {
      let entities = '<!ENTITY lol0 "lol">';
      for (let level = 1; level <= 10; level++)
        entities += `<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`;
      const body = `<?xml version="1.0"?><!DOCTYPE rss [${entities}]>
<rss version="2.0"><channel><title>&lol10;</title><item><title>a</title></item></channel></rss>`;
      const started = performance.now();
      const { result } = await testFeed("/bomb.xml", {}, { files: { "/bomb.xml": { body } } });
      expect(result.details.result).toBe("provider_error");
      expect(result.message).toMatch(/declares its own XML entities/);
      expect(JSON.stringify(result)).not.toContain("lollol");
      expect(performance.now() - started).toBeLessThan(2_000);
    });

    it("still reads a feed whose DOCTYPE only names an external DTD (RSS 0.91)", async () => {
      const body = SAMPLE_RSS.replace(
        '<rss version="2.0">',
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="2.0">',
      );
      const { result } = await testFeed("/dtd.xml", {}, { files: { "/dtd.xml": { body } } });
      expect(result.details.result).toBe("success");
    });
  });

  it("is refused by the default egress policy for loopback and metadata addresses", async () => {
    for (const feed_url of ["http://127.0.0.1/feed.xml", "http://169.254.169.254/latest/meta-data/"]) {
      const result = await provider.test({ feed_url });
      expect(result.details.result, feed_url).toBe("blocked_by_policy");
    }
  });
});

describe("rss config validation", () => {
  const pathsOf = (input: unknown) => {
    const result = provider.validate(input);
    return result.success ? [] : result.issues.map((issue) => issue.path);
  };

  it("refuses header injection, reserved headers, credentials in the URL and bad dates", () => {
    const feed_url = "https://example.com/feed.xml";
    expect(pathsOf({ feed_url, auth: { type: "header", name: "Host", value: "x" } })).toContain("auth.name");
    expect(pathsOf({ feed_url, auth: { type: "bearer", token: "a\rb" } })).toContain("auth.token");
    expect(pathsOf({ feed_url, auth: { type: "basic", username: "a:b", password: "p" } })).toContain(
      "auth.username",
    );
    expect(pathsOf({ feed_url: "https://u:p@example.com/feed.xml" })).toContain("feed_url");
    expect(pathsOf({ feed_url, conditional_get: { last_modified: "yesterday-ish" } })).toContain(
      "conditional_get.last_modified",
    );
  });
});
