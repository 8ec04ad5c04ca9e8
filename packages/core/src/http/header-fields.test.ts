import { describe, expect, it } from "vitest";
import { headerNameSchema, headerValueSchema, RESERVED_HEADER_NAMES } from "./header-fields.js";

describe("header fields", () => {
  it("accept RFC 9110 tokens and refuse anything that could split a header", () => {
    expect(headerNameSchema().safeParse("X-Api-Key").success).toBe(true);
    expect(headerNameSchema().safeParse("X Api").success).toBe(false);
    expect(headerNameSchema().safeParse("X-Api:\r\nHost").success).toBe(false);
    expect(headerValueSchema().safeParse("Bearer abc\tdef").success).toBe(true);
    expect(headerValueSchema().safeParse("abc\r\nX-Injected: 1").success).toBe(false);
    expect(headerValueSchema(4).safeParse("12345").success).toBe(false);
    expect(RESERVED_HEADER_NAMES.has("transfer-encoding")).toBe(true);
  });
});
