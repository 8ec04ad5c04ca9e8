import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import rss from "./rss-provider.js";

const { parsed, issuesOf } = validationProbe(rss);

/**
 * Feed addresses as sites and apps hand them out (all fake): a blog's /feed/, a `?feed=rss2` query, a
 * FeedBurner or podcast-host feed, a YouTube channel feed, a private podcast feed with its token in the query;
 * and the links feed readers and podcast apps register (feed://, feed:https://, itpc://, pcast://), which are
 * not fetchable addresses. Private feeds come with a user name and password, a token, or a custom header.
 */

const FEED_READER_MESSAGE =
  "A feed-reader or podcast link (feed://, itpc://, pcast://): write the same address with https:// (or http://).";

describe("rss: feed addresses as they are handed out", () => {
  it.each([
    ["a blog's feed", "https://blog.example.com/feed/"],
    ["a WordPress query feed", "https://example.com/?feed=rss2"],
    ["a FeedBurner feed", "https://feeds.feedburner.com/ExampleBlog"],
    ["a podcast host's feed", "https://feeds.example-podcasts.fm/EXM1234567890"],
    [
      "a YouTube channel feed",
      "https://www.youtube.com/feeds/videos.xml?channel_id=UCaBcDeFgHiJkLmNoPqRsTuV",
    ],
    ["an Atom feed over plain http, upper-case scheme", "HTTP://legacy.example.org/atom.xml"],
    ["a private podcast feed, its token in the query", "https://www.example.com/rss/acme?auth=Zx8Kq2mP4vN7"],
    // A web page instead of its feed is valid here: the test names the feed the page links to.
    ["a site's home page", "https://example.com/"],
  ])("%s", (_name, feed_url) => {
    expect(parsed({ feed_url })).toEqual({ feed_url });
  });

  it("the seed API's shape: description and provider_type inside the config", () => {
    expect(
      parsed({
        provider_type: "rss",
        description: "Company blog",
        feed_url: "https://blog.example.com/feed/",
      }),
    ).toMatchObject({ provider_type: "rss", description: "Company blog" });
  });

  it("feed:// and podcast links name what to paste instead", () => {
    for (const feed_url of [
      "feed://example.com/feed.xml",
      "itpc://feeds.example-podcasts.fm/EXM1234567890",
      "pcast://feeds.example-podcasts.fm/EXM1234567890",
      "podcast://feeds.example-podcasts.fm/EXM1234567890",
    ]) {
      expect(issuesOf({ feed_url })).toEqual([
        { path: "feed_url", code: "invalid_format", message: FEED_READER_MESSAGE },
      ]);
    }
    expect(issuesOf({ feed_url: "feed:https://example.com/feed.xml" })).toEqual([
      {
        path: "feed_url",
        code: "invalid_format",
        message: "Remove the feed: prefix: the address starts at http(s)://.",
      },
    ]);
  });

  it("a calendar (webcal://) link is not a feed", () => {
    expect(issuesOf({ feed_url: "webcal://example.com/events.ics" })).toEqual([
      { path: "feed_url", code: "invalid_format", message: "An http(s) address of the feed." },
    ]);
  });

  it("an address without its scheme, as a browser's bar shows it", () => {
    expect(issuesOf({ feed_url: "example.com/feed.xml" })).toEqual([
      {
        path: "feed_url",
        code: "invalid_format",
        message: "The full address, starting with https:// (or http://).",
      },
    ]);
  });

  it("credentials inside the URL are refused, and the password is never echoed", () => {
    const issues = issuesOf({ feed_url: "https://reader:Pa55-w0rd-9731@example.com/members/feed.xml" });
    expect(issues).toEqual([
      {
        path: "feed_url",
        code: "custom",
        message: "Put the user name and password in auth (type basic), not in the URL.",
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain("Pa55-w0rd-9731");
  });
});

describe("rss: private feeds' credentials", () => {
  const feed_url = "https://example.com/members/feed.xml";

  it("a user name and password without type read as basic", () => {
    expect(parsed({ feed_url, auth: { username: "reader", password: "Pa55-w0rd-9731" } })).toMatchObject({
      auth: { type: "basic", username: "reader" },
    });
  });

  it("a token without type reads as bearer", () => {
    expect(parsed({ feed_url, auth: { token: "ftk_4f8a2c9e1b7d3a6f" } })).toMatchObject({
      auth: { type: "bearer" },
    });
  });

  it("a header name and value without type read as a custom header", () => {
    expect(parsed({ feed_url, auth: { name: "X-Feed-Key", value: "k_8d2b6f0a4c9e" } })).toMatchObject({
      auth: { type: "header", name: "X-Feed-Key" },
    });
  });

  it("an empty auth names every method", () => {
    expect(issuesOf({ feed_url, auth: {} })).toEqual([
      {
        path: "auth.type",
        code: "custom",
        message: 'Missing "type": choose one of "basic", "bearer" or "header".',
      },
    ]);
  });

  it('"user:password" in the user name', () => {
    const issues = issuesOf({
      feed_url,
      auth: { type: "basic", username: "reader:Pa55-w0rd-9731", password: "x" },
    });
    expect(issues).toEqual([
      {
        path: "auth.username",
        code: "invalid_format",
        message: 'No colon: for a "user:password" pair, put the part after the colon in password.',
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain("Pa55-w0rd-9731");
  });

  it('a token copied with "Bearer " or the whole Authorization header', () => {
    for (const token of ["Bearer ftk_4f8a2c9e1b7d3a6f", "Authorization: Bearer ftk_4f8a2c9e1b7d3a6f"]) {
      expect(issuesOf({ feed_url, auth: { token } })).toEqual([
        {
          path: "auth.token",
          code: "invalid_format",
          message: 'Paste the token alone: "Authorization: Bearer " is added for you.',
        },
      ]);
    }
  });

  it("a whole header line as the header value", () => {
    expect(issuesOf({ feed_url, auth: { name: "X-Feed-Key", value: "X-Feed-Key: k_8d2b6f0a4c9e" } })).toEqual(
      [
        {
          path: "auth.value",
          code: "invalid_format",
          message: "Only the value: the header's name goes in name.",
        },
      ],
    );
  });
});
