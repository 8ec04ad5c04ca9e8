import type { SecretScrubber } from "./scrubber.js";

/** Severity of a log entry. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One log entry, already scrubbed. */
export interface LogEntry {
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
}

/** Where log entries go (adapt pino, winston or console in one line). */
export interface LogSink {
  log(entry: LogEntry): void;
}

/** The logger providers receive: every message and field is scrubbed before it reaches the sink. */
export interface RedactingLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A sink that drops everything. */
export const noopLogSink: LogSink = { log: () => {} };

/** A logger that drops everything (for code that needs a {@link RedactingLogger} but has nowhere to log). */
export const noopLogger: RedactingLogger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
});

/**
 * A logger that scrubs the message and every field with `scrubber` before the entry reaches `sink`
 * (nothing is written when no sink is given). A sink that throws is ignored: logging never fails a test.
 */
export function createRedactingLogger(sink: LogSink | undefined, scrubber: SecretScrubber): RedactingLogger {
  if (!sink) return noopLogger; // nothing to build per test when nobody listens
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    try {
      const entry: LogEntry = { level, message: scrubber.scrubText(String(message)) };
      if (fields !== undefined) entry.fields = scrubbedFields(scrubber.scrubValue(fields));
      sink.log(entry);
    } catch {
      // Logging never fails a connection test: not a throwing sink, nor a message whose toString throws.
    }
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}

/** Fields are an object; anything else a caller passed is wrapped so the entry keeps its shape. */
function scrubbedFields(scrubbed: unknown): Record<string, unknown> {
  return typeof scrubbed === "object" && scrubbed !== null && !Array.isArray(scrubbed)
    ? (scrubbed as Record<string, unknown>)
    : { value: scrubbed };
}
