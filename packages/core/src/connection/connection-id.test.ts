import { describe, expect, it } from "vitest";
import { CONNECTION_ID_PATTERN, generateConnectionId, isConnectionId } from "./connection-id.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random source that plays back `bytes` in order, cycling. */
function playback(bytes: number[]): (size: number) => Uint8Array {
  let next = 0;
  return (size) => Uint8Array.from({ length: size }, () => bytes[next++ % bytes.length] ?? 0);
}

describe("generateConnectionId", () => {
  it("is conn_ followed by 15 ASCII letters or digits", () => {
    for (let i = 0; i < 200; i++) {
      const id = generateConnectionId();
      expect(id).toMatch(/^conn_[A-Za-z0-9]{15}$/);
      expect(isConnectionId(id)).toBe(true);
    }
  });

  it("does not repeat", () => {
    const ids = new Set(Array.from({ length: 5_000 }, () => generateConnectionId()));
    expect(ids.size).toBe(5_000);
  });

  it("maps bytes below 248 onto the 62 characters and discards bytes 248-255 (no modulo bias)", () => {
    // 248..255 would map to A..H under a plain modulo; they must be skipped, not used.
    const id = generateConnectionId(
      playback([248, 255, 0, 61, 62, 247, 250, 25, 26, 51, 52, 1, 2, 3, 4, 5, 6, 7, 8]),
    );
    expect(id).toBe("conn_A9A9Zaz0BCDEFGH");
  });

  it("keeps drawing when a whole batch is rejected", () => {
    let calls = 0;
    const id = generateConnectionId((size) => {
      calls += 1;
      return new Uint8Array(size).fill(calls === 1 ? 255 : 1);
    });
    expect(id).toBe(`conn_${"B".repeat(15)}`);
    expect(calls).toBe(2);
  });

  it("fails loudly on a random source that returns nothing", () => {
    expect(() => generateConnectionId(() => new Uint8Array(0))).toThrow(RangeError);
  });

  it("spreads characters evenly (chi-squared sanity check over 150,000 characters)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      for (const char of generateConnectionId().slice(5)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = 150_000 / 62;
    const chiSquared = [...counts.values()].reduce(
      (sum, count) => sum + (count - expected) ** 2 / expected,
      0,
    );
    // 61 degrees of freedom: p ≈ 0.00001 at 120. A modulo-biased generator scores about 1,000.
    expect(chiSquared).toBeLessThan(120);
    expect([...counts.keys()].every((char) => ALPHABET.includes(char))).toBe(true);
  });
});

describe("isConnectionId", () => {
  it("accepts only the exact shape", () => {
    expect(isConnectionId("conn_AbCdEfGhIjKlMn0")).toBe(true);
    expect(CONNECTION_ID_PATTERN.test("conn_AbCdEfGhIjKlMn0")).toBe(true);
    for (const value of [
      "conn_AbCdEfGhIjKlMn",
      "conn_AbCdEfGhIjKlMn01",
      "Conn_AbCdEfGhIjKlMn0",
      "conn-AbCdEfGhIjKlMn0",
      "conn_AbCdEfGhIjKl_n0",
      "conn_AbCdEfGhIjKlMné",
      " conn_AbCdEfGhIjKlMn0",
      "conn_AbCdEfGhIjKlMn0\n",
      "Backups",
      "",
      42,
      null,
      undefined,
    ]) {
      expect(isConnectionId(value)).toBe(false);
    }
  });
});
