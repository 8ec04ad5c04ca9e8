import { type FailureCategory, isRetryableCategory } from "../result/categories.js";
import type { TestResult } from "../result/test-result.js";
import type { ConnectionRecord, LastTest } from "./connection-record.js";
import { truncateLastError } from "./last-error.js";
import { type LifecyclePolicy, resolveLifecyclePolicy } from "./lifecycle-policy.js";
import { withStatus } from "./record-status.js";

/**
 * The connection lifecycle, as one pure function of (record, test result, time). Returns a new record;
 * the input is never modified.
 *
 * - **ARCHIVED** is final: the record is returned unchanged, `last_test` included (an archived connection
 *   is not tested; a result that races with archiving is ignored).
 * - **Success** sets the counter to 0, closes the transient window, clears `last_error`, `suspended_at` and
 *   `suspension_reason`, and makes a SUSPENDED or FAILED connection ACTIVE: a successful retest reactivates.
 * - **Failure** stores the message in `last_error` (cut to 1000 characters) and counts it: non-transient
 *   categories (auth_failed, permission_denied, not_found, invalid_config, blocked_by_policy) every time;
 *   transient ones (network_error, timeout, rate_limited, provider_error) only when no cooldown window is
 *   open, which then opens one for `transientCooldownMs`. When the counter reaches `suspendAfter`, an
 *   ACTIVE connection becomes SUSPENDED with the category, failed step, message and time as its reason.
 * - **First test**: when a never-tested ACTIVE connection (saved with `test_before_save: false`) fails
 *   for a non-transient reason, it becomes FAILED: it never worked, so it is not "suspended". A FAILED
 *   connection keeps counting failures but stays FAILED until a test succeeds.
 *
 * Every failure, counted or not, updates `last_tested_at`, `last_test` and `updated_at`.
 * `policy` overrides {@link DEFAULT_LIFECYCLE_POLICY} field by field.
 */
export function applyTestResult(
  record: ConnectionRecord,
  result: TestResult,
  now: Date,
  policy: Partial<LifecyclePolicy> = {},
): ConnectionRecord {
  const { suspendAfter, transientCooldownMs } = resolveLifecyclePolicy(policy);
  if (record.status === "ARCHIVED") return record;
  const at = now.toISOString();
  const failedStep = result.success ? undefined : result.details.steps.find((step) => !step.ok)?.name;
  const lastTest: LastTest = {
    success: result.success,
    result: result.details.result,
    at,
    duration_ms: Math.max(0, result.details.duration_ms),
    ...(failedStep === undefined ? {} : { failed_step: failedStep }),
  };
  const tested: ConnectionRecord = { ...record, last_tested_at: at, last_test: lastTest, updated_at: at };

  if (result.success) {
    return {
      ...withStatus(tested, "ACTIVE", at),
      consecutive_failures: 0,
      transient_window_started_at: null,
      last_error: null,
      suspended_at: null,
      suspension_reason: null,
    };
  }

  const category = failureCategoryOf(result);
  const message = truncateLastError(result.message);
  const failed: ConnectionRecord = { ...tested, last_error: message };
  const transient = isRetryableCategory(category);

  if (!transient && record.status === "ACTIVE" && record.last_tested_at === null) {
    return { ...withStatus(failed, "FAILED", at), consecutive_failures: record.consecutive_failures + 1 };
  }

  let counted = failed;
  if (!transient) {
    counted = { ...failed, consecutive_failures: record.consecutive_failures + 1 };
  } else if (!isWindowOpen(record.transient_window_started_at, now, transientCooldownMs)) {
    counted = {
      ...failed,
      consecutive_failures: record.consecutive_failures + 1,
      transient_window_started_at: at,
    };
  }

  if (counted.status !== "ACTIVE" || counted.consecutive_failures < suspendAfter) return counted;
  return {
    ...withStatus(counted, "SUSPENDED", at),
    suspended_at: at,
    suspension_reason: { category, ...(failedStep === undefined ? {} : { step: failedStep }), message, at },
  };
}

/**
 * Whether a transient failure at `now` falls in the window opened at `startedAt`. A clock that went
 * backwards (now before the start) counts as inside: it must not add failures faster than the cooldown.
 */
function isWindowOpen(startedAt: string | null, now: Date, cooldownMs: number): boolean {
  if (startedAt === null || cooldownMs === 0) return false;
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return false;
  return now.getTime() - start < cooldownMs;
}

// A failed result must carry a failure category; a malformed one ("success" with success: false) is
// treated as a provider error rather than poisoning the record with an impossible suspension reason.
function failureCategoryOf(result: TestResult): FailureCategory {
  const category = result.details.result;
  return category === "success" ? "provider_error" : category;
}
