import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createLoopbackGuard, type FakeAnswer, type FakeHttpServer } from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFeedFake } from "./__tests__/rss-fake.js";
import provider from "./rss-provider.js";

/**
 * The feed corpus (real-world and edge-case feeds, MIT-licensed; sources, licences and a manifest in its
 * LICENSES.md) lives in the repository at test-fixtures/feeds. Missing or incomplete, the first test fails
 * (and the per-file tests cannot exist): it is never skipped.
 */
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CORPUS = resolve(REPO_ROOT, "test-fixtures/feeds");
/** The feeds LICENSES.md lists (30 from rss-parser, 60 from gofeed). */
const CORPUS_SIZE = 90;

/** Documents that are not usable feeds, and how each must fail (clearly, never by crashing or hanging). */
const EXPECTED_FAILURES: Record<string, { category: string; message: RegExp }> = {
  // An HTML "Document Moved" page: say it is not a feed, and name the link it gives.
  "rss-parser/unrecognized.rss": {
    category: "not_found",
    message:
      /is an HTML page \("Document Moved"\), not a feed; .*http:\/\/fishhawk2\.marketwatch\.com\/rss\/pf\//,
  },
  // Root elements and nothing else: no channel, no title, no items.
  "gofeed/parser/rss/version_rdf_090.xml": {
    category: "provider_error",
    message: /could not be read as a feed/,
  },
  "gofeed/parser/rss/version_rss_091_netscape.xml": {
    category: "provider_error",
    message: /<rss> document .* could not be read as a feed/,
  },
};

/** Where the independent count below differs, and why. */
const EXPECTED_COUNTS: Record<string, number> = {
  // Its one <entry> holds only an empty <author>: nothing to sync, and the parser drops it.
  "rss-parser/incomplete-fields.atom": 0,
};

const CONTENT_TYPES: Record<string, string> = {
  atom: "application/atom+xml",
  rss: "application/rss+xml",
  // The common, vague type: the charset must then come from the XML declaration.
  xml: "text/xml",
  json: "application/feed+json",
};

function corpusFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => !name.startsWith(".")) // .gitattributes
    .flatMap((name) => {
      const path = join(directory, name);
      return statSync(path).isDirectory() ? corpusFiles(path) : [path];
    })
    .filter((path) => !path.endsWith(".md"));
}

/** Items counted without the parser: `<item>`/`<entry>` start tags, or a JSON Feed's `items`. */
function independentItemCount(file: string, bytes: Buffer): number {
  if (file.endsWith(".json"))
    return (JSON.parse(bytes.toString("utf8")) as { items: unknown[] }).items.length;
  return (bytes.toString("latin1").match(/<(?:[\w-]+:)?(?:item|entry)[\s>/]/g) ?? []).length;
}

const files = existsSync(CORPUS) ? corpusFiles(CORPUS).map((path) => relative(CORPUS, path)) : [];

describe("rss against the feed corpus", () => {
  let fake: FakeHttpServer;
  const guard = createLoopbackGuard();

  beforeAll(async () => {
    const routes: Record<string, FakeAnswer> = {};
    for (const file of files) {
      const extension = file.split(".").at(-1) ?? "";
      routes[`/corpus/${file}`] = {
        headers: { "content-type": CONTENT_TYPES[extension] ?? "application/octet-stream" },
        body: readFileSync(join(CORPUS, file)),
      };
    }
    fake = await startFeedFake({ files: routes });
  });
  afterAll(async () => {
    await fake?.close();
    await guard.close();
  });

  it("finds the corpus in test-fixtures/feeds", () => {
    expect(existsSync(CORPUS), `missing ${CORPUS}`).toBe(true);
    expect(files).toHaveLength(CORPUS_SIZE);
  });

  it.each(files)("%s", async (file) => {
    const result = await provider.test({ feed_url: `${fake.url}/corpus/${file}` }, { egress: guard });
    const failure = EXPECTED_FAILURES[file];
    if (failure) {
      expect(result.details.result, result.message).toBe(failure.category);
      expect(result.message).toMatch(failure.message);
      return;
    }
    expect(result.details.result, result.message).toBe("success");
    const expected = EXPECTED_COUNTS[file] ?? independentItemCount(file, readFileSync(join(CORPUS, file)));
    expect(result.details.provider_response).toMatchObject({ item_count: expected });
  });

  it("reads a Latin-1 feed declared only in its XML declaration", async () => {
    const result = await provider.test(
      { feed_url: `${fake.url}/corpus/rss-parser/encoding.rss` },
      { egress: guard },
    );
    expect(result.details.provider_response).toMatchObject({
      title: "Jornal de Notícias - Últimas Notícias",
      encoding: "windows-1252",
    });
  });

  it("reads JSON Feeds with a non-standard version leniently, and says so", async () => {
    const result = await provider.test(
      { feed_url: `${fake.url}/corpus/gofeed/parser/json/version_json_10.json` },
      { egress: guard },
    );
    expect(result.details.result).toBe("success");
    expect(result.message).toMatch(/"version" is "1.0" instead of a https:\/\/jsonfeed.org\/version\/ URL/);
    expect(result.details.provider_response).toMatchObject({ version: "JSON Feed 1.0", item_count: 1 });
  });
});
