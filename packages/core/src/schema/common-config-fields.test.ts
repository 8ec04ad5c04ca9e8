import { describe, expect, it } from "vitest";
import * as z from "zod";
import { defineProvider } from "../provider/define-provider.js";
import { validateWithSchema } from "../validation/validate-config.js";
import { withCommonConfigFields } from "./common-config-fields.js";
import { inferableUnion } from "./inferable-union.js";

const bucket = z
  .strictObject({ bucket: z.string().min(3).meta({ title: "Bucket" }) })
  .meta({ title: "Store" });

describe("withCommonConfigFields", () => {
  const schema = withCommonConfigFields(bucket, "store");

  it("accepts a description and the provider's own type, and keeps them", () => {
    expect(
      validateWithSchema(schema, { bucket: "abc", description: "Nightly exports", provider_type: "store" }),
    ).toEqual({
      success: true,
      data: { bucket: "abc", description: "Nightly exports", provider_type: "store" },
    });
    expect(validateWithSchema(schema, { bucket: "abc" })).toEqual({ success: true, data: { bucket: "abc" } });
  });

  it("refuses another provider's type, a description over 500 characters and unknown fields, naming each", () => {
    expect(
      validateWithSchema(schema, { bucket: "abc", provider_type: "s3" }, { pathPrefix: "provider_config" }),
    ).toEqual({
      success: false,
      issues: [
        {
          path: "provider_config.provider_type",
          code: "invalid_value",
          message: 'Must be "store", this provider\'s type, or be left out.',
        },
      ],
    });
    expect(validateWithSchema(schema, { bucket: "abc", description: "x".repeat(501) })).toMatchObject({
      success: false,
      issues: [{ path: "description", code: "too_big" }],
    });
    expect(validateWithSchema(schema, { bucket: "abc", descripton: "typo" })).toMatchObject({
      success: false,
      issues: [{ path: "descripton", message: "Unknown field." }],
    });
  });

  it("keeps the schema's metadata, refinements and a field of its own named description", () => {
    expect(z.globalRegistry.get(schema)).toEqual({ title: "Store" });
    const refined = withCommonConfigFields(
      bucket.refine((config) => config.bucket !== "reserved", { message: "Reserved.", path: ["bucket"] }),
      "store",
    );
    expect(validateWithSchema(refined, { bucket: "reserved" })).toMatchObject({
      success: false,
      issues: [{ path: "bucket", message: "Reserved." }],
    });
    const own = withCommonConfigFields(z.strictObject({ description: z.number() }), "store");
    expect(validateWithSchema(own, { description: 3 }).success).toBe(true);
    expect(validateWithSchema(own, { description: "text" }).success).toBe(false);
  });

  it("adds the fields to every branch of a top-level union, inferable or not", () => {
    const a = z.strictObject({ mode: z.literal("a"), key: z.string() });
    const b = z.strictObject({ mode: z.literal("b"), token: z.string() });
    const unions = [
      z.discriminatedUnion("mode", [a, b]),
      z.union([a, b]),
      inferableUnion("mode", [a, b]).meta({ title: "Modes" }),
    ];
    for (const union of unions) {
      const extended = withCommonConfigFields(union, "store");
      expect(validateWithSchema(extended, { mode: "b", token: "t", description: "d" }).success).toBe(true);
      expect(validateWithSchema(extended, { mode: "a", key: "k", provider_type: "other" }).success).toBe(
        false,
      );
    }
    const inferred = validateWithSchema(withCommonConfigFields(unions[2] as z.ZodType, "store"), {
      token: "t",
      description: "d",
    });
    expect(inferred).toEqual({ success: true, data: { mode: "b", token: "t", description: "d" } });
  });

  it("refuses a config schema that is not an object or a union of objects, at definition time", () => {
    expect(() =>
      defineProvider({
        type: "odd",
        displayName: "Odd",
        description: "A string config.",
        docsUrl: "https://example.com",
        configSchema: z.string(),
        secretFields: [],
        async check() {},
      }),
    ).toThrow(/Provider "odd": configSchema must be an object schema or a union of object schemas/);
  });
});
