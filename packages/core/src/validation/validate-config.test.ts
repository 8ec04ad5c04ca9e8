import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { validateWithSchema } from "./validate-config.js";

const schema = z.strictObject({
  bucket: z.string().min(3).max(63),
  region: z.string().default("us-east-1"),
  credentials: z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("static"),
      access_key_id: z.string(),
      secret_access_key: z.string().min(1),
    }),
    z.strictObject({ type: z.literal("role"), role_arn: z.string().startsWith("arn:") }),
  ]),
  tags: z.array(z.strictObject({ name: z.string() })).optional(),
});

const valid = {
  bucket: "reports",
  credentials: { type: "static", access_key_id: "AKIAEXAMPLE", secret_access_key: "s3cr3t" },
};

function paths(input: unknown, prefix?: string): string[] {
  const result = validateWithSchema(schema, input, prefix ? { pathPrefix: prefix } : {});
  return result.success ? [] : result.issues.map((issue) => issue.path);
}

describe("validateWithSchema", () => {
  it("returns the parsed config with defaults applied", () => {
    const result = validateWithSchema(schema, valid);
    expect(result).toEqual({ success: true, data: { ...valid, region: "us-east-1" } });
  });

  it("names every failing field with the caller's prefix", () => {
    expect(paths({ credentials: { type: "static", access_key_id: "A" } }, "provider_config")).toEqual([
      "provider_config.bucket",
      "provider_config.credentials.secret_access_key",
    ]);
    expect(paths({ ...valid, tags: [{ name: "a" }, { name: 5 }] })).toEqual(["tags.1.name"]);
  });

  it("says 'Required.' for a missing field and names unknown keys themselves", () => {
    const missing = validateWithSchema(schema, { credentials: valid.credentials });
    expect(missing.success || missing.issues[0]).toMatchObject({ path: "bucket", message: "Required." });
    const unknown = validateWithSchema(schema, { ...valid, buckett: "typo" });
    expect(unknown.success || unknown.issues[0]).toMatchObject({
      path: "buckett",
      code: "unrecognized_keys",
    });
  });

  it("explains an unknown union discriminator on the union's field", () => {
    const result = validateWithSchema(schema, { ...valid, credentials: { type: "magic" } });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues[0]?.path).toMatch(/^credentials/);
      expect(result.issues[0]?.message).toMatch(/\.$/);
    }
  });

  it("names the field inside a plain union, from the branch the input came closest to", () => {
    const union = z.strictObject({
      target: z.union([
        z.strictObject({ host: z.string(), mode: z.enum(["a", "b"]).optional() }),
        z.strictObject({ url: z.string() }),
      ]),
    });
    const result = validateWithSchema(union, { target: { host: "h", mode: "c" } });
    expect(result.success || result.issues.map((issue) => issue.path)).toEqual(["target.mode"]);
  });

  it("refuses prototype keys, oversized strings and deep nesting before parsing", () => {
    const polluted = JSON.parse('{"bucket":"abc","__proto__":{"admin":true}}');
    expect(validateWithSchema(schema, polluted)).toMatchObject({
      success: false,
      issues: [{ path: "__proto__", code: "forbidden_key" }],
    });
    expect(validateWithSchema(schema, { ...valid, bucket: "x".repeat(70_000) })).toMatchObject({
      success: false,
      issues: [{ path: "bucket", code: "string_too_long" }],
    });
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { nested: deep };
    expect(validateWithSchema(schema, deep)).toMatchObject({
      success: false,
      issues: [{ code: "too_deep" }],
    });
    expect(validateWithSchema(schema, { constructor: { prototype: {} } })).toMatchObject({
      success: false,
      issues: [{ path: "constructor", code: "forbidden_key" }],
    });
  });

  it("names the full path of a structural problem deep inside the input", () => {
    const nested = { ...valid, credentials: { tags: ["ok", { note: "x".repeat(70_000) }] } };
    expect(validateWithSchema(schema, nested, { pathPrefix: "provider_config" })).toMatchObject({
      success: false,
      issues: [{ path: "provider_config.credentials.tags.1.note", code: "string_too_long" }],
    });
    const polluted = { ...valid, credentials: JSON.parse('{"list":[{"__proto__":{}}]}') };
    expect(validateWithSchema(schema, polluted)).toMatchObject({
      success: false,
      issues: [{ path: "credentials.list.0.__proto__", code: "forbidden_key" }],
    });
    let deep: unknown = "leaf";
    for (let i = 0; i < 40; i++) deep = [deep];
    const tooDeep = validateWithSchema(schema, { ...valid, credentials: deep });
    expect(tooDeep.success || tooDeep.issues[0]?.path).toBe(`credentials${".0".repeat(31)}`);
  });

  it("never echoes the submitted value in a message", () => {
    const result = validateWithSchema(schema, {
      ...valid,
      credentials: { type: "role", role_arn: "SUPERSECRET-not-an-arn" },
    });
    expect(JSON.stringify(result)).not.toContain("SUPERSECRET");
  });

  it("never throws and always names a field, for any input", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 6 }), (input) => {
        const result = validateWithSchema(schema, input);
        if (!result.success) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.path.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reports a refinement that throws instead of crashing", () => {
    const throwing = z.string().refine(() => {
      throw new Error("bug in a refinement");
    });
    expect(validateWithSchema(throwing, "x")).toMatchObject({ success: false, issues: [{ code: "custom" }] });
  });
  it("reports several unknown keys one issue each, naming the field meant where only its spelling differs", () => {
    const result = validateWithSchema(schema, {
      ...valid,
      Bucket: "x",
      credentials: { type: "static", AccessKeyId: "AKIA", aws_secret_access_key: "s", color: "red" },
    });
    expect(result).toMatchObject({ success: false });
    const issues = result.success ? [] : result.issues;
    expect(issues.filter((issue) => issue.code === "unrecognized_keys")).toEqual([
      {
        path: "credentials.AccessKeyId",
        code: "unrecognized_keys",
        message: 'Unknown field; did you mean "access_key_id"?',
      },
      {
        path: "credentials.aws_secret_access_key",
        code: "unrecognized_keys",
        message: 'Unknown field; did you mean "secret_access_key"?',
      },
      { path: "credentials.color", code: "unrecognized_keys", message: "Unknown field." },
      { path: "Bucket", code: "unrecognized_keys", message: 'Unknown field; did you mean "bucket"?' },
    ]);
    const inArray = validateWithSchema(schema, { ...valid, tags: [{ name: "a", Name: "b" }] });
    expect(inArray).toMatchObject({
      success: false,
      issues: [{ path: "tags.0.Name", message: 'Unknown field; did you mean "name"?' }],
    });
  });
  it("gives no hint for a key that belongs to another branch of a union: it is not a misspelling", () => {
    const result = validateWithSchema(schema, {
      ...valid,
      credentials: { type: "static", access_key_id: "AKIA", secret_access_key: "s", role_arn: "arn:x" },
    });
    expect(result).toMatchObject({
      success: false,
      issues: [{ path: "credentials.role_arn", code: "unrecognized_keys", message: "Unknown field." }],
    });
  });
});
