import {
  basicUsernameSchema,
  bearerAuthSchema,
  headerNameSchema,
  headerValueOnlySchema,
  headerValueSchema,
  httpUrlSchema,
  inferableUnion,
  RESERVED_HEADER_NAMES,
} from "@plugboard/core";
import * as z from "zod";

/** Links that feed readers and podcast apps register, which open the http(s) address after the scheme. */
const FEED_READER_LINK = /^(feed|itpc|pcast|podcasts?):/i;

/** Why a feed URL is refused, saying what to paste instead; never quotes the value. */
function feedUrlMessage(input: unknown): string {
  const text = typeof input === "string" ? input.trim() : "";
  if (/^feed:https?:\/\//i.test(text)) return "Remove the feed: prefix: the address starts at http(s)://.";
  if (FEED_READER_LINK.test(text)) {
    return "A feed-reader or podcast link (feed://, itpc://, pcast://): write the same address with https:// (or http://).";
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return "The full address, starting with https:// (or http://).";
  return "An http(s) address of the feed.";
}

/** The feed's http(s) URL; other forms users paste (feed://, no scheme) get a message saying what to paste. */
function feedUrlSchema() {
  return httpUrlSchema(feedUrlMessage).refine(
    (value) => {
      const url = URL.parse(value);
      return url === null || (url.username === "" && url.password === "");
    },
    { message: "Put the user name and password in auth (type basic), not in the URL." },
  );
}

const authSchema = inferableUnion("type", [
  z
    .strictObject({
      type: z.literal("basic").meta({ title: "Method", description: 'Always "basic".' }),
      username: basicUsernameSchema().meta({
        title: "Username",
        description: "Sent as HTTP Basic authentication.",
        examples: ["reader"],
      }),
      password: headerValueSchema(1_024)
        .min(1)
        .meta({ title: "Password", description: "The feed's password (kept secret)." }),
    })
    .meta({ title: "Username and password (Basic)" }),
  bearerAuthSchema(),
  z
    .strictObject({
      type: z.literal("header").meta({ title: "Method", description: 'Always "header".' }),
      name: headerNameSchema().meta({
        title: "Header name",
        description: "The header the feed server reads the key from.",
        examples: ["X-Feed-Key"],
      }),
      value: headerValueOnlySchema("value").meta({
        title: "Header value",
        description: "The key or token (kept secret).",
      }),
    })
    .meta({ title: "Custom header" }),
]).meta({ title: "Authentication", description: "For private feeds; left out, no credentials are sent." });

const conditionalGetSchema = z
  .strictObject({
    etag: headerValueSchema(1_024)
      .min(1)
      .optional()
      .meta({
        title: "ETag",
        description: "The ETag of the last fetch, sent as If-None-Match.",
        examples: ['"5f3c-1a2b"'],
      }),
    last_modified: headerValueSchema(128)
      .min(1)
      .optional()
      .meta({
        title: "Last-Modified",
        description: "The Last-Modified of the last fetch (an HTTP date), sent as If-Modified-Since.",
        examples: ["Wed, 01 Jan 2025 10:00:00 GMT"],
      }),
  })
  .meta({
    title: "Conditional GET",
    description:
      "Validators stored from the last fetch (test() reports them); the server may then answer 304 Not Modified, which counts as success.",
  });

/** The `provider_config` of an `rss` connection. */
export const rssConfigSchema = z
  .strictObject({
    feed_url: feedUrlSchema().meta({
      title: "Feed URL",
      description:
        "The RSS, Atom or JSON Feed address. Given a web page instead, the test names the feed the page links to.",
      examples: ["https://example.com/feed.xml"],
    }),
    auth: authSchema.optional(),
    conditional_get: conditionalGetSchema.optional(),
  })
  .superRefine((config, issue) => {
    if (config.auth?.type === "header" && RESERVED_HEADER_NAMES.has(config.auth.name.toLowerCase())) {
      issue.addIssue({
        code: "custom",
        path: ["auth", "name"],
        message: `${config.auth.name} is set by the HTTP client and cannot carry credentials.`,
      });
    }
    if (
      config.conditional_get?.last_modified !== undefined &&
      Number.isNaN(Date.parse(config.conditional_get.last_modified))
    ) {
      issue.addIssue({
        code: "custom",
        path: ["conditional_get", "last_modified"],
        message: "An HTTP date such as Wed, 01 Jan 2025 10:00:00 GMT.",
      });
    }
  });

/** The parsed config of an `rss` connection. */
export type RssConfig = z.output<typeof rssConfigSchema>;

/** One of the `auth` methods of an `rss` connection. */
export type RssAuth = NonNullable<RssConfig["auth"]>;
