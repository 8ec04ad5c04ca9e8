import { describe, expect, it } from "vitest";
import { basicUsernameSchema, bearerTokenSchema, headerValueOnlySchema } from "./auth-fields.js";

const messageOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues[0]?.message;

describe("HTTP auth fields", () => {
  it("a Basic user name refuses a pasted user:password pair and control characters", () => {
    expect(basicUsernameSchema().safeParse("reader").success).toBe(true);
    expect(messageOf(basicUsernameSchema().safeParse("reader:s3cret"))).toMatch(/^No colon/);
    expect(messageOf(basicUsernameSchema().safeParse("reader\n"))).toMatch(/^No line breaks/);
  });

  it("a bearer token refuses the scheme or the header name in front of it, in any letter case", () => {
    expect(bearerTokenSchema().safeParse("eyJhbGciOi.x.y").success).toBe(true);
    for (const pasted of ["Bearer abc", "bearer abc", "Authorization: Bearer abc", "authorization:abc"])
      expect(messageOf(bearerTokenSchema().safeParse(pasted)), pasted).toMatch(/^Paste the token alone/);
  });

  it("a header value refuses a whole header line, naming the value as asked", () => {
    expect(headerValueOnlySchema("key").safeParse("k3y").success).toBe(true);
    expect(messageOf(headerValueOnlySchema("key").safeParse("X-API-Key: k3y"))).toBe(
      "Only the key: the header's name goes in name.",
    );
  });
});
