import { describe, expect, it } from "vitest";
import * as z from "zod";
import { labelledEnum } from "./fields.js";
import { toConfigJsonSchema } from "./json-schema.js";
import { SECRET_FIELD_HELP, toUiSchema } from "./ui-schema.js";

const schema = z.strictObject({
  bucket: z.string().meta({ title: "Bucket", description: "Where.", examples: ["reports", "logs"] }),
  port: z
    .int()
    .default(5432)
    .meta({ title: "Port", description: "TCP port.", examples: [5432] }),
  cloud: labelledEnum({ global: "Global", china: "China (21Vianet)" }).meta({ title: "Cloud" }),
  ca: z
    .string()
    .optional()
    .meta({ title: "CA", examples: ["-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n"] }),
  credentials: z.discriminatedUnion("type", [
    z
      .strictObject({
        type: z.literal("keys"),
        secret_access_key: z.string().meta({ title: "Secret", examples: ["wJalr…"] }),
        access_key_id: z.string().meta({ title: "Key ID" }),
      })
      .meta({ title: "Static keys" }),
    z
      .strictObject({
        type: z.literal("pem"),
        private_key: z.string().meta({ title: "Private key", examples: ["-----BEGIN PRIVATE KEY-----\n…"] }),
      })
      .meta({ title: "Key pair" }),
  ]),
  headers: z.record(z.string(), z.string()).optional(),
});
const jsonSchema = toConfigJsonSchema(schema, ["credentials.secret_access_key", "credentials.private_key"]);
const ui = toUiSchema(jsonSchema);
type Ui = Record<
  string,
  Record<string, unknown> & { oneOf?: Array<Record<string, Record<string, unknown>>> }
>;
const branches = (ui as Ui).credentials?.oneOf ?? [];

describe("toUiSchema", () => {
  it("orders every object's fields as the schema does, then anything else", () => {
    expect(ui["ui:order"]).toEqual(["bucket", "port", "cloud", "ca", "credentials", "headers", "*"]);
    expect(branches.map((branch) => branch["ui:order"])).toEqual([
      ["type", "secret_access_key", "access_key_id", "*"],
      ["type", "private_key", "*"],
    ]);
  });

  it("renders secrets as password inputs with help, in every union branch, and nothing else as one", () => {
    expect(branches[0]?.secret_access_key).toEqual({
      "ui:widget": "password",
      "ui:autocomplete": "new-password",
      "ui:help": SECRET_FIELD_HELP,
      "ui:placeholder": "wJalr…",
    });
    // A multi-line secret stays a password input: secrecy wins over line breaks.
    expect(branches[1]?.private_key).toMatchObject({ "ui:widget": "password" });
    expect(branches[0]?.access_key_id).toBeUndefined();
    expect(JSON.stringify((ui as Ui).bucket)).not.toContain("password");
  });

  it("takes placeholders from the first example; a multi-line example makes a textarea", () => {
    expect((ui as Ui).bucket).toEqual({ "ui:placeholder": "reports" });
    expect((ui as Ui).port).toEqual({ "ui:placeholder": "5432" });
    expect((ui as Ui).ca).toEqual({
      "ui:placeholder": "-----BEGIN CERTIFICATE-----",
      "ui:widget": "textarea",
    });
  });

  it("hides the discriminator the branch picker already chose, and leaves labelled enums to the schema", () => {
    expect(branches[0]?.type).toEqual({ "ui:widget": "hidden" });
    expect(branches[1]?.type).toEqual({ "ui:widget": "hidden" });
    expect((ui as Ui).cloud).toBeUndefined();
  });

  it("puts optional objects and arrays behind RJSF's add button", () => {
    expect(ui["ui:globalOptions"]).toEqual({ enableOptionalDataFieldForType: ["object", "array"] });
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(ui))).toEqual(ui);
  });
});

describe("labelledEnum in the JSON Schema export", () => {
  it("becomes a oneOf of const + title, keeping the default and field metadata", () => {
    const json = toConfigJsonSchema(
      z.strictObject({
        cloud: labelledEnum({ global: "Global", china: "China (21Vianet)" })
          .default("global")
          .meta({ title: "Cloud", description: "Where the tenant lives." }),
      }),
      [],
    ) as { properties: Record<string, unknown> };
    expect(json.properties.cloud).toEqual({
      type: "string",
      title: "Cloud",
      description: "Where the tenant lives.",
      default: "global",
      oneOf: [
        { const: "global", title: "Global" },
        { const: "china", title: "China (21Vianet)" },
      ],
    });
  });

  it("keeps enum + x-enumNames for OpenAPI 3.0, which has no const", () => {
    const json = toConfigJsonSchema(
      z.strictObject({ in: labelledEnum({ header: "Header", query: "Query" }) }),
      [],
      {
        target: "openapi-3.0",
      },
    ) as { properties: Record<string, unknown> };
    expect(json.properties.in).toMatchObject({
      enum: ["header", "query"],
      "x-enumNames": ["Header", "Query"],
    });
  });

  it("validates like z.enum and refuses an empty label map", () => {
    const cloud = labelledEnum({ global: "Global" });
    expect(cloud.safeParse("global").success).toBe(true);
    expect(cloud.safeParse("mars").success).toBe(false);
    expect(() => labelledEnum({})).toThrow(/at least one value/);
  });
});
