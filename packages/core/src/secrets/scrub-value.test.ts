import { describe, expect, it } from "vitest";
import { createSecretScrubber } from "./scrubber.js";

const SECRET = "s3cr3t-Passw0rd!";
const MARKER = "***REDACTED***";
const scrubber = createSecretScrubber([SECRET]);

describe("scrubValue", () => {
  it("scrubs strings and keys at every depth, and never mutates the input", () => {
    const input = {
      message: `bad ${SECRET}`,
      [SECRET]: "as a key",
      list: [`x${SECRET}`, 42, null, true, undefined],
      nested: { deeper: { deepest: encodeURIComponent(SECRET) } },
    };
    const snapshot = structuredClone(input);
    expect(scrubber.scrubValue(input)).toEqual({
      message: `bad ${MARKER}`,
      [MARKER]: "as a key",
      list: [`x${MARKER}`, 42, null, true, undefined],
      nested: { deeper: { deepest: MARKER } },
    });
    expect(input).toEqual(snapshot);
  });

  it("cuts cycles but copies an object reached twice through siblings", () => {
    const shared = { note: SECRET };
    const input: Record<string, unknown> = { a: shared, b: shared, list: [] as unknown[] };
    input.self = input;
    (input.list as unknown[]).push(input.list);
    const output = scrubber.scrubValue(input) as Record<string, unknown>;
    expect(output.self).toBe("[Circular]");
    expect(output.list).toEqual(["[Circular]"]);
    expect(output.a).toEqual({ note: MARKER });
    expect(output.b).toEqual({ note: MARKER });
  });

  it("turns errors into plain objects with their cause, code and aggregated errors, without the stack", () => {
    const cause = Object.assign(new Error(`socket closed for ${SECRET}`), { code: "ECONNRESET" });
    const error = Object.assign(new Error(`boom ${SECRET}`, { cause }), {
      status: 401,
      body: { echo: SECRET },
    });
    const aggregate = new AggregateError([new TypeError(`bad ${SECRET}`)], "several");
    const output = scrubber.scrubValue({ error, aggregate });
    expect(output).toEqual({
      error: {
        name: "Error",
        message: `boom ${MARKER}`,
        status: 401,
        body: { echo: MARKER },
        cause: { name: "Error", message: `socket closed for ${MARKER}`, code: "ECONNRESET" },
      },
      aggregate: {
        name: "AggregateError",
        message: "several",
        errors: [{ name: "TypeError", message: `bad ${MARKER}` }],
      },
    });
    expect(JSON.stringify(output)).not.toContain("    at ");
  });

  it("survives throwing getters, proxies and exotic values", () => {
    const hostile = {
      get boom(): string {
        throw new Error(SECRET);
      },
      fine: SECRET,
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("no keys");
        },
      },
    );
    const output = scrubber.scrubValue({
      hostile,
      proxy,
      when: new Date(0),
      url: new URL(`https://h.example/?k=${SECRET}`),
      map: new Map([[SECRET, 1]]),
      set: new Set([SECRET]),
      bytes: Buffer.from(SECRET),
      fn: () => SECRET,
      sym: Symbol(SECRET),
      big: 10n,
    });
    expect(output).toEqual({
      hostile: { boom: "[Unreadable]", fine: MARKER },
      proxy: "[Unreadable]",
      when: "1970-01-01T00:00:00.000Z",
      url: `https://h.example/?k=${MARKER}`,
      map: [[MARKER, 1]],
      set: [MARKER],
      bytes: "[binary]",
      fn: "[Function]",
      sym: `Symbol(${MARKER})`,
      big: 10n,
    });
  });

  it("bounds depth and width", () => {
    let deep: unknown = SECRET;
    for (let level = 0; level < 100; level++) deep = { next: deep };
    const text = JSON.stringify(scrubber.scrubValue(deep));
    expect(text).toContain("[Truncated]");
    expect(text).not.toContain(SECRET);

    const wide = scrubber.scrubValue(Array.from({ length: 5_000 }, () => SECRET)) as unknown[];
    expect(wide).toHaveLength(1_001);
    expect(wide.at(-1)).toBe("… 4000 more");
  });

  it("keeps a __proto__ key as data instead of changing the copy's prototype", () => {
    const input = JSON.parse(`{"__proto__": {"polluted": "${SECRET}"}}`) as object;
    const output = scrubber.scrubValue(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.hasOwn(output, "__proto__")).toBe(true);
    expect(JSON.stringify(output)).toBe(`{"__proto__":{"polluted":"${MARKER}"}}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
