import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { toConfigJsonSchema } from "./json-schema.js";

const schema = z.strictObject({
  bucket: z
    .string()
    .min(3)
    .meta({ title: "Bucket", description: "Where files are read.", examples: ["reports"] }),
  region: z.string().default("us-east-1").meta({ title: "Region" }),
  credentials: z.discriminatedUnion("type", [
    z
      .strictObject({ type: z.literal("static"), access_key_id: z.string(), secret_access_key: z.string() })
      .meta({ title: "Access keys" }),
    z
      .strictObject({ type: z.literal("role"), role_arn: z.string(), external_id: z.string().optional() })
      .meta({ title: "Role" }),
  ]),
});
const secretFields = ["credentials.secret_access_key", "credentials.external_id"];

type Node = Record<string, unknown> & { properties: Record<string, Node>; oneOf?: Node[]; anyOf?: Node[] };

describe("toConfigJsonSchema", () => {
  it("marks secret fields in every union branch where they exist", () => {
    const json = toConfigJsonSchema(schema, secretFields) as Node;
    const branches = (json.properties.credentials?.oneOf ?? json.properties.credentials?.anyOf) as Node[];
    expect(branches).toHaveLength(2);
    expect(branches[0]?.properties.secret_access_key).toMatchObject({
      writeOnly: true,
      format: "password",
      "x-secret": true,
    });
    expect(branches[1]?.properties.external_id).toMatchObject({ writeOnly: true, "x-secret": true });
    expect(branches[0]?.properties.access_key_id).not.toHaveProperty("x-secret");
  });

  it("carries titles, descriptions, examples, defaults and field order; defaults are optional inputs", () => {
    const json = toConfigJsonSchema(schema, secretFields) as Node;
    expect(Object.keys(json.properties)).toEqual(["bucket", "region", "credentials"]);
    expect(json.properties.bucket).toMatchObject({
      title: "Bucket",
      description: "Where files are read.",
      examples: ["reports"],
    });
    expect(json.properties.region).toMatchObject({ default: "us-east-1" });
    expect(json.required).toEqual(["bucket", "credentials"]);
    expect(json.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("marks a secret object (a map of secret headers) write-only without a string format", () => {
    const headers = z.strictObject({ headers: z.record(z.string(), z.string()).optional() });
    const json = toConfigJsonSchema(headers, ["headers"]) as Node;
    expect(json.properties.headers).toMatchObject({ type: "object", writeOnly: true, "x-secret": true });
    expect(json.properties.headers).not.toHaveProperty("format");
    const ajv = new Ajv2020({ strict: true });
    ajv.addFormat("password", true);
    ajv.addKeyword("x-secret");
    expect(ajv.validateSchema(toConfigJsonSchema(headers, ["headers"]))).toBe(true);
  });

  it("produces draft-07 and OpenAPI 3.0 variants", () => {
    expect(toConfigJsonSchema(schema, secretFields, { target: "draft-07" }).$schema).toBe(
      "http://json-schema.org/draft-07/schema#",
    );
    const openapi = toConfigJsonSchema(schema, secretFields, { target: "openapi-3.0" });
    expect(openapi.$schema).toBeUndefined();
    expect(JSON.stringify(openapi)).toContain('"x-secret":true');
  });

  it("rejects an unknown target with the list of supported ones", () => {
    expect(() => toConfigJsonSchema(schema, [], { target: "draft-03" as never })).toThrow(
      /draft-2020-12, draft-07, openapi-3.0/,
    );
  });

  it("is valid 2020-12 under ajv strict mode and agrees with zod", () => {
    const ajv = new Ajv2020({ strict: true });
    ajv.addFormat("password", true);
    ajv.addKeyword("x-secret");
    const validate = ajv.compile(toConfigJsonSchema(schema, secretFields));
    const samples: unknown[] = [
      { bucket: "reports", credentials: { type: "static", access_key_id: "A", secret_access_key: "B" } },
      { bucket: "reports", region: "eu-west-1", credentials: { type: "role", role_arn: "arn:x" } },
      { bucket: "re", credentials: { type: "role", role_arn: "arn:x" } },
      { bucket: "reports", credentials: { type: "static", access_key_id: "A" } },
      { bucket: "reports", credentials: { type: "role", role_arn: "arn:x" }, extra: 1 },
      { bucket: "reports", credentials: { type: "other" } },
    ];
    for (const sample of samples)
      expect(validate(sample), JSON.stringify(sample)).toBe(schema.safeParse(sample).success);
  });
});
