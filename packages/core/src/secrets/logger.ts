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

/** A logger that scrubs with `scrubber` and writes to `sink` (nothing, when no sink is given). */
export function createRedactingLogger(sink: LogSink | undefined, scrubber: SecretScrubber): RedactingLogger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (!sink) return;
    const entry: LogEntry = { level, message: scrubber.scrubText(String(message)) };
    if (fields !== undefined) entry.fields = scrubber.scrubValue(fields) as Record<string, unknown>;
    try {
      sink.log(entry);
    } catch {
      // A failing log sink must not fail a connection test.
    }
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}
