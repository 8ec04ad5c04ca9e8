import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { validateWithSchema } from "../validation/validate-config.js";
import { inferableUnion, inferableUnionParts } from "./inferable-union.js";
import { toConfigJsonSchema } from "./json-schema.js";

const staticKeys = z
  .strictObject({
    type: z.literal("access_key"),
    access_key_id: z.string().min(3),
    secret_access_key: z.string().min(1),
    session_token: z.string().optional(),
  })
  .meta({ title: "Access key" });
const assumeRole = z
  .strictObject({
    type: z.literal("assume_role"),
    access_key_id: z.string().min(3),
    secret_access_key: z.string().min(1),
    role_arn: z.string().regex(/^arn:/),
  })
  .meta({ title: "Assume role" });
const oauth = z.strictObject({ type: z.literal("oauth"), token: z.string().min(1) }).meta({ title: "OAuth" });
const pat = z.strictObject({ type: z.literal("pat"), token: z.string().min(1) }).meta({ title: "PAT" });
const none = z.strictObject({ type: z.literal("none") }).meta({ title: "None" });

const schema = z.strictObject({
  credentials: inferableUnion("type", [staticKeys, assumeRole, oauth, pat, none]).meta({
    title: "Credentials",
  }),
});

const validate = (credentials: unknown) => validateWithSchema(schema, { credentials });

describe("inferableUnion", () => {
  it("reads fields without a type as the one branch they are valid for, and adds the type", () => {
    expect(validate({ access_key_id: "AKIA1", secret_access_key: "s" })).toEqual({
      success: true,
      data: { credentials: { type: "access_key", access_key_id: "AKIA1", secret_access_key: "s" } },
    });
    expect(
      validate({ access_key_id: "AKIA1", secret_access_key: "s", role_arn: "arn:aws:iam::1:role/r" }),
    ).toMatchObject({
      success: true,
      data: { credentials: { type: "assume_role" } },
    });
  });

  it("keeps an explicit type, and names every choice when the type is unknown", () => {
    expect(validate({ type: "assume_role", access_key_id: "AKIA1", secret_access_key: "s" })).toMatchObject({
      success: false,
      issues: [{ path: "credentials.role_arn", message: "Required." }],
    });
    expect(validate({ type: "sso", token: "t" })).toMatchObject({
      success: false,
      issues: [
        {
          path: "credentials.type",
          message:
            'Unknown or missing "type": choose one of "access_key", "assume_role", "oauth", "pat" or "none".',
        },
      ],
    });
  });

  it("reports the issues of the only branch the fields belong to, naming the field", () => {
    expect(validate({ access_key_id: "A", secret_access_key: "s" })).toMatchObject({
      success: false,
      issues: [{ path: "credentials.access_key_id", code: "too_small" }],
    });
    expect(validate({ access_key_id: "AKIA1", secret_access_key: "s", role_arn: "nope" })).toMatchObject({
      success: false,
      issues: [{ path: "credentials.role_arn" }],
    });
  });

  it("reads keys spelled the vendor's way as the fields they stand for, so the issues name the fields to fill", () => {
    const result = validate({ AccessKeyId: "AKIA1", SecretAccessKey: "s", Expiration: "2026-12-06" });
    expect(result.success).toBe(false);
    expect(result.success ? [] : result.issues.map(({ path, message }) => `${path}: ${message}`)).toEqual([
      "credentials.access_key_id: Required.",
      "credentials.secret_access_key: Required.",
      'credentials.AccessKeyId: Unknown field; did you mean "access_key_id"?',
      'credentials.SecretAccessKey: Unknown field; did you mean "secret_access_key"?',
      "credentials.Expiration: Unknown field.",
    ]);
  });

  it("asks which one when the fields fit several branches, naming only those", () => {
    expect(validate({ token: "t" })).toEqual({
      success: false,
      issues: [
        {
          path: "credentials.type",
          code: "custom",
          message: 'Missing "type": these fields fit "oauth" or "pat"; say which one.',
        },
      ],
    });
    expect(validate({ access_key_id: "AKIA1" })).toMatchObject({
      success: false,
      issues: [{ message: 'Missing "type": these fields fit "access_key" or "assume_role"; say which one.' }],
    });
  });

  it("never guesses a branch that requires nothing but its type", () => {
    expect(validate({})).toMatchObject({
      success: false,
      issues: [{ path: "credentials.type", message: expect.stringContaining('"none"') }],
    });
    expect(validate({ type: "none" })).toEqual({ success: true, data: { credentials: { type: "none" } } });
  });

  it("names every choice when the fields fit no branch", () => {
    expect(validate({ username: "u" })).toMatchObject({
      success: false,
      issues: [
        {
          path: "credentials.type",
          message: 'Missing "type": choose one of "access_key", "assume_role", "oauth", "pat" or "none".',
        },
      ],
    });
  });

  it("exports a oneOf whose recognisable branches make the type optional with a default, agreeing with zod", () => {
    const json = toConfigJsonSchema(schema, []);
    const branches = (json.properties as Record<string, { oneOf: Array<Record<string, unknown>> }>)
      .credentials?.oneOf;
    expect(branches?.map((branch) => branch.required)).toEqual([
      ["access_key_id", "secret_access_key"],
      ["access_key_id", "secret_access_key", "role_arn"],
      ["token"],
      ["token"],
      ["type"],
    ]);
    expect(branches?.[0]?.properties).toMatchObject({ type: { const: "access_key", default: "access_key" } });
    expect(JSON.stringify(json)).not.toContain("x-inferable-discriminator");

    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const ajvValidate = ajv.compile(json);
    const inputs = [
      { access_key_id: "AKIA1", secret_access_key: "s" },
      { access_key_id: "AKIA1", secret_access_key: "s", role_arn: "arn:x" },
      { access_key_id: "AKIA1", secret_access_key: "s", role_arn: "nope" },
      { access_key_id: "AKIA1" },
      { token: "t" },
      { type: "pat", token: "t" },
      {},
      { type: "none" },
      { type: "none", token: "t" },
      { type: "sso" },
      { username: "u" },
    ];
    for (const credentials of inputs) {
      expect(ajvValidate({ credentials }), JSON.stringify(credentials)).toBe(validate(credentials).success);
    }
  });

  it("is recognised after .meta(), which clones the schema", () => {
    const union = inferableUnion("type", [oauth, none]).meta({ title: "Auth" });
    expect(inferableUnionParts(union)).toEqual({ discriminator: "type", options: [oauth, none] });
    expect(inferableUnionParts(z.discriminatedUnion("type", [oauth, none]))).toBeUndefined();
  });

  it("refuses a branch whose discriminator is not one string literal", () => {
    expect(() => inferableUnion("type", [z.strictObject({ type: z.string(), a: z.string() })])).toThrow(
      /z\.literal\(\) of one string value/,
    );
  });
});
