import { isRetryableCategory } from "../result/categories.js";
import type { TestResult } from "../result/test-result.js";
import { type ConnectionRecord, type ConnectionStatus, MAX_LAST_ERROR_LENGTH } from "./connection-record.js";

/** Tunables of the lifecycle. */
export interface LifecyclePolicy {
  /** Consecutive counted failures that suspend an ACTIVE connection (the seed's 5). */
  suspendAfter: number;
  /**
   * Transient failures (network_error, timeout, rate_limited, provider_error) count at most once per
   * window of this length, so one provider outage cannot suspend every connection at once.
   */
  transientCooldownMs: number;
}

/** The defaults: suspend after 5 counted failures; transient failures count once per 15 minutes. */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = { suspendAfter: 5, transientCooldownMs: 15 * 60_000 };

/** A transition the lifecycle does not allow (anything out of ARCHIVED, for one). */
export class IllegalTransitionError extends Error {
  override readonly name = "IllegalTransitionError";
  constructor(
    readonly from: ConnectionStatus,
    readonly action: string,
  ) {
    super(`Cannot ${action} a connection that is ${from}${from === "ARCHIVED" ? " (archiving is final)" : ""}.`);
  }
}

/** Cuts a message to {@link MAX_LAST_ERROR_LENGTH} characters, ending with an ellipsis when cut. */
export function truncateLastError(message: string): string {
  return message.length <= MAX_LAST_ERROR_LENGTH ? message : `${message.slice(0, MAX_LAST_ERROR_LENGTH - 1)}…`;
}

function withStatus(record: ConnectionRecord, status: ConnectionStatus, now: Date): ConnectionRecord {
  return { ...record, status, is_active: status === "ACTIVE", updated_at: now.toISOString() };
}

/**
 * The lifecycle, as one pure function of (record, test result, time):
 *
 * - **ARCHIVED** is final: the record is returned unchanged (archived connections are not tested).
 * - **Success** resets the failure counter and the transient window, clears `last_error` and the
 *   suspension, and (re)activates a SUSPENDED or FAILED connection: a successful retest reactivates.
 * - **Failure** stores the message in `last_error` and counts: non-transient categories every time,
 *   transient ones at most once per `transientCooldownMs`. When the counter reaches `suspendAfter`, an
 *   ACTIVE connection becomes SUSPENDED, with the category, failed step, message and time as evidence.
 * - **FAILED** means the connection never worked: its very first test failed for a non-transient reason
 *   (wrong secret, missing bucket). It stays FAILED until a test succeeds; suspension is for connections
 *   that worked and then stopped.
 */
export function applyTestResult(
  record: ConnectionRecord,
  result: TestResult,
  now: Date,
  policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY,
): ConnectionRecord {
  if (record.status === "ARCHIVED") return record;
  const at = now.toISOString();
  const failedStep = result.details.steps.find((step) => !step.ok)?.name;
  const base: ConnectionRecord = {
    ...record,
    last_tested_at: at,
    updated_at: at,
    last_test: {
      success: result.success,
      result: result.details.result,
      at,
      duration_ms: result.details.duration_ms,
      ...(failedStep ? { failed_step: failedStep } : {}),
    },
  };

  if (result.success) {
    return {
      ...withStatus(base, "ACTIVE", now),
      consecutive_failures: 0,
      transient_window_started_at: null,
      last_error: null,
      suspended_at: null,
      suspension: null,
    };
  }

  const category = result.details.result;
  const transient = isRetryableCategory(category);
  const failed: ConnectionRecord = { ...base, last_error: truncateLastError(result.message) };

  if (!transient && record.last_test === null && record.status === "ACTIVE") {
    return { ...withStatus(failed, "FAILED", now), consecutive_failures: 1 };
  }

  let counted = failed;
  if (!transient) {
    counted = { ...failed, consecutive_failures: record.consecutive_failures + 1 };
  } else {
    const windowStart = record.transient_window_started_at ? Date.parse(record.transient_window_started_at) : undefined;
    if (windowStart === undefined || now.getTime() - windowStart >= policy.transientCooldownMs) {
      counted = { ...failed, consecutive_failures: record.consecutive_failures + 1, transient_window_started_at: at };
    }
  }

  if (counted.status === "ACTIVE" && counted.consecutive_failures >= policy.suspendAfter) {
    return {
      ...withStatus(counted, "SUSPENDED", now),
      suspended_at: at,
      suspension: {
        category,
        ...(failedStep ? { step: failedStep } : {}),
        message: truncateLastError(result.message),
        at,
      },
    };
  }
  return counted;
}

/** Suspends a connection by hand (an operator's decision); idempotent on SUSPENDED. */
export function suspendConnection(record: ConnectionRecord, reason: string, now: Date): ConnectionRecord {
  if (record.status === "ARCHIVED") throw new IllegalTransitionError(record.status, "suspend");
  if (record.status === "SUSPENDED") return record;
  const at = now.toISOString();
  return {
    ...withStatus(record, "SUSPENDED", now),
    suspended_at: at,
    suspension: { category: "manual", message: truncateLastError(reason), at },
  };
}

/** Reactivates a SUSPENDED or FAILED connection and resets its counter; idempotent on ACTIVE. */
export function reactivateConnection(record: ConnectionRecord, now: Date): ConnectionRecord {
  if (record.status === "ARCHIVED") throw new IllegalTransitionError(record.status, "reactivate");
  if (record.status === "ACTIVE") return record;
  return {
    ...withStatus(record, "ACTIVE", now),
    consecutive_failures: 0,
    transient_window_started_at: null,
    suspended_at: null,
    suspension: null,
  };
}

/** Archives a connection. Final: no function moves it out of ARCHIVED. */
export function archiveConnection(record: ConnectionRecord, now: Date): ConnectionRecord {
  if (record.status === "ARCHIVED") return record;
  return withStatus(record, "ARCHIVED", now);
}
