import { describe, expect, it } from "vitest";
import { toErrorSchema } from "./error-schema.js";

describe("toErrorSchema", () => {
  it("nests each message at its field's path, the form's own issues at the root", () => {
    expect(
      toErrorSchema([
        { path: "credentials.secret_access_key", message: "Required" },
        { path: "credentials.secret_access_key", message: "Too short" },
        { path: "credentials.access_key_id", message: "Must not contain spaces." },
        { path: "bucket", message: "A bucket name." },
        { path: "", message: "Give exactly one of site_url and site_id." },
      ]),
    ).toEqual({
      __errors: ["Give exactly one of site_url and site_id."],
      bucket: { __errors: ["A bucket name."] },
      credentials: {
        secret_access_key: { __errors: ["Required", "Too short"] },
        access_key_id: { __errors: ["Must not contain spaces."] },
      },
    });
  });

  it("treats __proto__ in a path as a plain key", () => {
    const schema = toErrorSchema([{ path: "__proto__.polluted", message: "x" }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(schema)).toBe(Object.prototype);
    expect(JSON.stringify(schema)).toBe('{"__proto__":{"polluted":{"__errors":["x"]}}}');
  });
});
