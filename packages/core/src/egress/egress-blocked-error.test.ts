import { describe, expect, it } from "vitest";
import { EgressBlockedError, findEgressBlockedError, isEgressBlockedError } from "./egress-blocked-error.js";

describe("EgressBlockedError", () => {
  it("carries host, address, reason and a readable message", () => {
    const error = new EgressBlockedError("db.example", "10.0.0.5 is a private address", "10.0.0.5");
    expect(error).toMatchObject({
      name: "EgressBlockedError",
      code: "ERR_EGRESS_BLOCKED",
      host: "db.example",
      address: "10.0.0.5",
      reason: "10.0.0.5 is a private address",
    });
    expect(error.message).toBe("Connection to db.example (10.0.0.5) refused: 10.0.0.5 is a private address.");
    expect(new EgressBlockedError("localhost", "localhost is an internal host name").message).toBe(
      "Connection to localhost refused: localhost is an internal host name.",
    );
  });

  it("is found directly, in cause chains (undici's 'fetch failed') and in AggregateErrors", () => {
    const blocked = new EgressBlockedError("127.0.0.1", "127.0.0.1 is a loopback address", "127.0.0.1");
    const wrapped = new TypeError("fetch failed", { cause: new Error("connect", { cause: blocked }) });
    const aggregate = new AggregateError([new Error("ECONNREFUSED"), blocked], "all failed");
    for (const error of [blocked, wrapped, aggregate]) {
      expect(isEgressBlockedError(error)).toBe(true);
      expect(findEgressBlockedError(error)).toBe(blocked);
    }
  });

  it("recognises a copy from another instance of the package by its code", () => {
    const foreign = Object.assign(new Error("blocked"), { code: "ERR_EGRESS_BLOCKED" });
    expect(isEgressBlockedError(new Error("outer", { cause: foreign }))).toBe(true);
  });

  it("says no for other errors and non-errors", () => {
    for (const value of [
      new Error("ECONNREFUSED"),
      new TypeError("fetch failed"),
      undefined,
      null,
      "x",
      42,
    ]) {
      expect(isEgressBlockedError(value)).toBe(false);
      expect(findEgressBlockedError(value)).toBeUndefined();
    }
  });

  it("survives a cause cycle", () => {
    const a: Error & { cause?: unknown } = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(isEgressBlockedError(a)).toBe(false);
  });
});
