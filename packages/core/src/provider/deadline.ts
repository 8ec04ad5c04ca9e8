import { DeadlineExceededError, TestCancelledError } from "./categorize-error.js";

/** Default deadline of a connection test. */
export const DEFAULT_TEST_TIMEOUT_MS = 15_000;
/** Longest deadline accepted; anything above is clamped, so a typo cannot hold a worker for hours. */
export const MAX_TEST_TIMEOUT_MS = 300_000;

/** A deadline with the signal that fires at it (or when the caller aborts), and its clean-up. */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly at: number;
  readonly timeoutMs: number;
  /** Resolves never; rejects with the abort reason when the signal fires. Used to race the check. */
  readonly aborted: Promise<never>;
  remainingMs(): number;
  dispose(): void;
}

/** Normalises a caller's timeout: non-numbers and non-positive values take the default; huge ones are clamped. */
export function normalizeTimeout(timeoutMs: unknown): number {
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
    return DEFAULT_TEST_TIMEOUT_MS;
  return Math.min(Math.ceil(timeoutMs), MAX_TEST_TIMEOUT_MS);
}

/** Starts a deadline of `timeoutMs` linked to the caller's optional signal. */
export function startDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  const at = Date.now() + timeoutMs;
  const timer = setTimeout(() => controller.abort(new DeadlineExceededError(timeoutMs)), timeoutMs);
  const onCallerAbort = (): void => controller.abort(new TestCancelledError());
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    else controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  // The race may be won by the check; the loser must not surface as an unhandled rejection.
  aborted.catch(() => {});

  return {
    signal: controller.signal,
    at,
    timeoutMs,
    aborted,
    remainingMs: () => Math.max(0, at - Date.now()),
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
