import { describe, expect, it } from "vitest";
import { createRedactingLogger, type LogEntry, noopLogger } from "./logger.js";
import { createSecretScrubber } from "./scrubber.js";

const SECRET = "hunter2-hunter2";
const MARKER = "***REDACTED***";

describe("createRedactingLogger", () => {
  const scrubber = createSecretScrubber([SECRET]);

  it("scrubs the message and every field before the sink sees them", () => {
    const entries: LogEntry[] = [];
    const log = createRedactingLogger({ log: (entry) => entries.push(entry) }, scrubber);
    const fields = {
      url: `https://x.example/?pw=${encodeURIComponent(SECRET)}`,
      nested: { err: new Error(SECRET) },
    };
    log.debug(`connecting with ${SECRET}`);
    log.info("request", fields);
    log.warn("warn");
    log.error("failed", { [SECRET]: 1 });
    expect(entries).toEqual([
      { level: "debug", message: `connecting with ${MARKER}` },
      {
        level: "info",
        message: "request",
        fields: {
          url: `https://x.example/?pw=${MARKER}`,
          nested: { err: { name: "Error", message: MARKER } },
        },
      },
      { level: "warn", message: "warn" },
      { level: "error", message: "failed", fields: { [MARKER]: 1 } },
    ]);
    expect(fields.url).toContain(encodeURIComponent(SECRET));
  });

  it("never throws: not for a failing sink, nor for a message whose toString throws", () => {
    const log = createRedactingLogger(
      {
        log: () => {
          throw new Error("sink down");
        },
      },
      scrubber,
    );
    expect(() => log.error("x", { a: 1 })).not.toThrow();
    const hostile = {
      toString(): string {
        throw new Error("nope");
      },
    };
    const entries: LogEntry[] = [];
    const working = createRedactingLogger({ log: (entry) => entries.push(entry) }, scrubber);
    expect(() => working.info(hostile as unknown as string)).not.toThrow();
    expect(entries).toEqual([]);
  });

  it("writes nothing without a sink, and noopLogger accepts every call", () => {
    expect(() => createRedactingLogger(undefined, scrubber).info(SECRET)).not.toThrow();
    for (const level of ["debug", "info", "warn", "error"] as const) {
      expect(noopLogger[level]("message", { a: 1 })).toBeUndefined();
    }
  });
});
