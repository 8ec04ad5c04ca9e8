import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { createConnectionRequestSchema } from "./connection-request.js";

const rssConfig = z.strictObject({ feed_url: z.url() });
const s3Config = z.strictObject({
  bucket: z.string().min(3),
  region: z.string().default("us-east-1"),
  secret_access_key: z.string(),
});
const providers = [
  { type: "rss", displayName: "RSS feed", configSchema: rssConfig },
  { type: "s3", displayName: "Amazon S3", configSchema: s3Config },
] as const;
const schema = createConnectionRequestSchema(providers);

const valid = {
  name: "Marketing feed",
  provider_type: "rss",
  provider_config: { feed_url: "https://example.com/feed.xml" },
};

function issuesOf(input: unknown): Array<{ path: PropertyKey[]; message: string; code: string }> {
  const parsed = schema.safeParse(input);
  expect(parsed.success).toBe(false);
  return (parsed.error?.issues ?? []).map((issue) => ({
    path: issue.path,
    message: issue.message,
    code: issue.code,
  }));
}

function paths(input: unknown): string[] {
  return issuesOf(input).map((issue) => issue.path.join("."));
}

describe("createConnectionRequestSchema", () => {
  it("accepts a valid request and defaults test_before_save to true", () => {
    const parsed = schema.parse(valid);
    expect(parsed).toEqual({ ...valid, test_before_save: true });
  });

  it("keeps every optional field and narrows provider_config by provider_type", () => {
    const parsed = schema.parse({
      name: "  Backups  ",
      provider_type: "s3",
      provider_config: { bucket: "backups", secret_access_key: "k" },
      description: "Nightly backups",
      metadata: { team: "data", cost_centre: 42, critical: true },
      test_before_save: false,
    });
    expect(parsed.name).toBe("Backups");
    expect(parsed.test_before_save).toBe(false);
    expect(parsed.metadata).toEqual({ team: "data", cost_centre: 42, critical: true });
    if (parsed.provider_type !== "s3") throw new Error("expected the s3 branch");
    // The s3 schema's own default applied: the matching provider's schema did the parsing.
    expect(parsed.provider_config.region).toBe("us-east-1");
  });

  describe("name", () => {
    it("is trimmed and must keep 1 to 100 characters", () => {
      expect(schema.parse({ ...valid, name: "a".repeat(100) }).name).toHaveLength(100);
      expect(paths({ ...valid, name: "a".repeat(101) })).toEqual(["name"]);
      expect(paths({ ...valid, name: "" })).toEqual(["name"]);
      expect(paths({ ...valid, name: "   " })).toEqual(["name"]);
      expect(schema.parse({ ...valid, name: ` ${"a".repeat(100)} ` }).name).toHaveLength(100);
    });

    it("rejects control characters inside the name", () => {
      for (const name of ["bad\u0000name", "bad\nname", "tab\there", "del\u007f", "c1\u0085x"]) {
        const issues = issuesOf({ ...valid, name });
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ path: ["name"], message: "Must not contain control characters." });
      }
    });

    it("accepts non-ASCII names", () => {
      expect(schema.parse({ ...valid, name: "Données — été 🌞" }).name).toBe("Données — été 🌞");
    });

    it("is required", () => {
      const { name: _name, ...withoutName } = valid;
      expect(paths(withoutName)).toEqual(["name"]);
    });
  });

  it("limits description to 500 characters", () => {
    expect(schema.parse({ ...valid, description: "d".repeat(500) }).description).toHaveLength(500);
    expect(paths({ ...valid, description: "d".repeat(501) })).toEqual(["description"]);
    expect(paths({ ...valid, description: 5 })).toEqual(["description"]);
  });

  describe("metadata", () => {
    const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));

    it("allows at most 50 keys", () => {
      expect(Object.keys(schema.parse({ ...valid, metadata: keys(50) }).metadata ?? {})).toHaveLength(50);
      const issues = issuesOf({ ...valid, metadata: keys(51) });
      expect(issues).toEqual([
        expect.objectContaining({ path: ["metadata"], message: "At most 50 metadata keys are allowed." }),
      ]);
    });

    it("limits keys to 1 to 64 characters", () => {
      expect(schema.safeParse({ ...valid, metadata: { ["k".repeat(64)]: 1 } }).success).toBe(true);
      expect(paths({ ...valid, metadata: { ["k".repeat(65)]: 1 } })[0]).toMatch(/^metadata/);
      expect(paths({ ...valid, metadata: { "": 1 } })[0]).toMatch(/^metadata/);
    });

    it("allows strings up to 500 characters, numbers and booleans only", () => {
      expect(
        schema.safeParse({ ...valid, metadata: { s: "v".repeat(500), n: -1.5, b: false } }).success,
      ).toBe(true);
      expect(paths({ ...valid, metadata: { s: "v".repeat(501) } })).toEqual(["metadata.s"]);
      expect(paths({ ...valid, metadata: { nested: { a: 1 } } })).toEqual(["metadata.nested"]);
      expect(paths({ ...valid, metadata: { nothing: null } })).toEqual(["metadata.nothing"]);
      expect(paths({ ...valid, metadata: { infinite: Number.POSITIVE_INFINITY } })).toEqual([
        "metadata.infinite",
      ]);
      expect(paths({ ...valid, metadata: ["a"] })).toEqual(["metadata"]);
    });
  });

  it("requires test_before_save to be a boolean when given", () => {
    expect(paths({ ...valid, test_before_save: "yes" })).toEqual(["test_before_save"]);
  });

  it("rejects an unknown provider_type on provider_type, listing the known ones", () => {
    const issues = issuesOf({ ...valid, provider_type: "ftp" });
    expect(issues).toEqual([
      expect.objectContaining({
        path: ["provider_type"],
        message: "Unknown provider_type; use one of: rss, s3.",
      }),
    ]);
    expect(issuesOf({ name: "x", provider_config: {} })[0]?.path).toEqual(["provider_type"]);
  });

  it("says an object is expected for a non-object body (not 'unknown provider_type')", () => {
    const issues = issuesOf("not an object");
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).not.toMatch(/provider_type/);
  });

  it("validates provider_config with the matching provider's schema", () => {
    // An RSS config under s3 fails against the s3 schema, and the reverse.
    expect(paths({ ...valid, provider_type: "s3" }).sort()).toEqual([
      "provider_config",
      "provider_config.bucket",
      "provider_config.secret_access_key",
    ]);
    expect(
      paths({ ...valid, provider_config: { bucket: "backups", secret_access_key: "k" } }).sort(),
    ).toEqual(["provider_config", "provider_config.feed_url"]);
    expect(paths({ ...valid, provider_config: { feed_url: "not a url" } })).toEqual([
      "provider_config.feed_url",
    ]);
    expect(paths({ ...valid, provider_config: undefined })).toEqual(["provider_config"]);
  });

  it("rejects unknown keys at the top level and inside provider_config", () => {
    const top = issuesOf({ ...valid, provider: "rss" });
    expect(top).toEqual([expect.objectContaining({ code: "unrecognized_keys", path: [] })]);
    const inner = issuesOf({ ...valid, provider_config: { ...valid.provider_config, extra: 1 } });
    expect(inner).toEqual([
      expect.objectContaining({ code: "unrecognized_keys", path: ["provider_config"] }),
    ]);
  });

  it("refuses two providers with the same type", () => {
    expect(() =>
      createConnectionRequestSchema([
        { type: "rss", configSchema: rssConfig },
        { type: "rss", configSchema: s3Config },
      ]),
    ).toThrow(TypeError);
  });

  it("with no providers, rejects every provider_type and says none is registered", () => {
    const empty = createConnectionRequestSchema([]);
    const parsed = empty.safeParse({ ...valid });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({
        path: ["provider_type"],
        message: "Unknown provider_type; none is registered.",
      }),
    ]);
    expect(() => z.toJSONSchema(empty, { io: "input" })).not.toThrow();
  });

  describe("JSON Schema export", () => {
    const json = z.toJSONSchema(schema, { io: "input" }) as {
      oneOf: Array<{
        title: string;
        required: string[];
        additionalProperties: boolean;
        properties: Record<string, Record<string, unknown>>;
      }>;
    };

    it("has one strict branch per provider, titled, with form metadata and limits", () => {
      expect(json.oneOf.map((branch) => branch.title)).toEqual(["RSS feed", "Amazon S3"]);
      const [rss, s3] = json.oneOf;
      expect(rss?.additionalProperties).toBe(false);
      expect(Object.keys(rss?.properties ?? {})).toEqual([
        "name",
        "provider_type",
        "provider_config",
        "description",
        "metadata",
        "test_before_save",
      ]);
      expect(rss?.required).toEqual(["name", "provider_type", "provider_config"]);
      expect(rss?.properties.name).toMatchObject({ title: "Name", minLength: 1, maxLength: 100 });
      expect(rss?.properties.provider_type).toMatchObject({ const: "rss", title: "Provider" });
      expect(s3?.properties.provider_type).toMatchObject({ const: "s3" });
      expect(rss?.properties.description).toMatchObject({ title: "Description", maxLength: 500 });
      expect(rss?.properties.metadata).toMatchObject({
        title: "Metadata",
        maxProperties: 50,
        propertyNames: { maxLength: 64 },
      });
      expect(rss?.properties.test_before_save).toMatchObject({ type: "boolean", default: true });
      expect(s3?.properties.provider_config).toMatchObject({ required: ["bucket", "secret_access_key"] });
    });

    it("also exports as draft-07 and OpenAPI 3.0", () => {
      for (const target of ["draft-07", "openapi-3.0"] as const) {
        const other = z.toJSONSchema(schema, { io: "input", target }) as { oneOf?: unknown[] };
        expect(other.oneOf).toHaveLength(2);
      }
    });

    it("is a valid JSON Schema that accepts a valid request and rejects an invalid one", () => {
      const ajv = new Ajv2020({ strict: true });
      ajv.addFormat("uri", true);
      const validate = ajv.compile(json);
      expect(validate(valid)).toBe(true);
      expect(validate({ ...valid, provider_type: "ftp" })).toBe(false);
      expect(validate({ ...valid, name: "a".repeat(101) })).toBe(false);
      expect(validate({ ...valid, surprise: true })).toBe(false);
    });
  });
});
