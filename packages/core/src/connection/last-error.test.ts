import { describe, expect, it } from "vitest";
import { MAX_LAST_ERROR_LENGTH, truncateLastError } from "./last-error.js";

describe("truncateLastError", () => {
  it("keeps messages of up to 1000 characters as they are", () => {
    expect(MAX_LAST_ERROR_LENGTH).toBe(1_000);
    expect(truncateLastError("")).toBe("");
    expect(truncateLastError("Access denied.")).toBe("Access denied.");
    const exact = "a".repeat(1_000);
    expect(truncateLastError(exact)).toBe(exact);
  });

  it("cuts longer messages to exactly 1000 characters ending with an ellipsis", () => {
    const cut = truncateLastError(`${"a".repeat(999)}bc`);
    expect(cut).toHaveLength(1_000);
    expect(cut).toBe(`${"a".repeat(999)}…`);
    expect(truncateLastError("z".repeat(100_000))).toHaveLength(1_000);
  });

  it("never splits a surrogate pair", () => {
    // The emoji straddles the cut: 998 ASCII characters, then a two-unit emoji at units 998-999.
    const cut = truncateLastError(`${"a".repeat(998)}😀${"b".repeat(10)}`);
    expect(cut).toBe(`${"a".repeat(998)}…`);
    const whole = truncateLastError(`${"a".repeat(997)}😀${"b".repeat(10)}`);
    expect(whole).toBe(`${"a".repeat(997)}😀…`);
    expect(whole).toHaveLength(1_000);
  });
});
