import { describe, expect, it } from "vitest";
import { retryAfterSeconds } from "./retry-after.js";

describe("retryAfterSeconds", () => {
  it("reads delay-seconds and HTTP-dates, and nothing else", () => {
    const now = Date.parse("Wed, 25 Nov 2026 01:00:00 GMT");
    expect(retryAfterSeconds(new Headers({ "retry-after": "30" }), now)).toBe(30);
    expect(retryAfterSeconds(new Headers({ "retry-after": "Wed, 25 Nov 2026 01:02:00 GMT" }), now)).toBe(120);
    expect(retryAfterSeconds(new Headers({ "retry-after": "Wed, 25 Nov 2026 00:59:00 GMT" }), now)).toBe(0);
    expect(retryAfterSeconds(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterSeconds(new Headers(), now)).toBeUndefined();
  });
});
