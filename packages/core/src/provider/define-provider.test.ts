import { describe, expect, it } from "vitest";
import * as z from "zod";
import { defineProvider } from "./define-provider.js";
import { isConnectionProvider } from "./provider-brand.js";
import { PROVIDER_API_VERSION } from "./types.js";

const base = {
  type: "sample",
  displayName: "Sample",
  description: "A sample provider.",
  docsUrl: "https://plugboard.dev/docs/sample",
  async check() {},
};

const unionSchema = z.strictObject({
  credentials: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("key"), secret: z.string() }),
    z.strictObject({ type: z.literal("oauth"), refresh_token: z.string().optional() }),
  ]),
});

describe("defineProvider", () => {
  it("builds a branded, frozen provider with the current contract version", () => {
    const provider = defineProvider({
      ...base,
      configSchema: unionSchema,
      secretFields: ["credentials.secret", "credentials.refresh_token"],
    });
    expect(isConnectionProvider(provider)).toBe(true);
    expect(isConnectionProvider({ ...provider })).toBe(false);
    expect(provider.apiVersion).toBe(PROVIDER_API_VERSION);
    expect(Object.isFrozen(provider)).toBe(true);
    expect(provider.secretFields).toEqual(["credentials.secret", "credentials.refresh_token"]);
  });

  it("refuses a secret path that exists in no branch of the schema", () => {
    expect(() =>
      defineProvider({ ...base, configSchema: unionSchema, secretFields: ["credentials.private_key"] }),
    ).toThrow(/secret field "credentials.private_key" does not exist/);
    expect(() =>
      defineProvider({ ...base, configSchema: unionSchema, secretFields: ["credentials..x"] }),
    ).toThrow(/not a dot path/);
  });

  it("refuses objects that would silently accept unknown keys", () => {
    expect(() =>
      defineProvider({
        ...base,
        configSchema: z.strictObject({ nested: z.object({ a: z.string() }) }),
        secretFields: [],
      }),
    ).toThrow(/objects at nested accept unknown keys; use z.strictObject/);
    expect(() => defineProvider({ ...base, configSchema: z.looseObject({}), secretFields: [] })).toThrow(
      /\(root\)/,
    );
  });

  it("refuses a type that is not snake_case and missing metadata", () => {
    expect(() =>
      defineProvider({ ...base, type: "Google-Drive", configSchema: z.strictObject({}), secretFields: [] }),
    ).toThrow(/snake_case/);
    expect(() =>
      defineProvider({ ...base, docsUrl: "", configSchema: z.strictObject({}), secretFields: [] }),
    ).toThrow(/docsUrl is required/);
  });

  it("redacts secrets and exports a JSON Schema with them marked", () => {
    const provider = defineProvider({
      ...base,
      configSchema: unionSchema,
      secretFields: ["credentials.secret"],
    });
    expect(provider.redact({ credentials: { type: "key", secret: "hunter22" } })).toEqual({
      credentials: { type: "key", secret: "***REDACTED***" },
    });
    expect(JSON.stringify(provider.jsonSchema())).toContain('"x-secret":true');
  });
});
