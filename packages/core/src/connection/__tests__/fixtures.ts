import type { TestResultCategory } from "../../result/categories.js";
import { isRetryableCategory } from "../../result/categories.js";
import type { TestResult } from "../../result/test-result.js";
import type { ConnectionRecord } from "../connection-record.js";
import { createConnectionRecord } from "../create-connection-record.js";

/** 2026-01-01T00:00:00.000Z plus `ms`. */
export function at(ms = 0): Date {
  return new Date(Date.UTC(2026, 0, 1) + ms);
}

export const MINUTE = 60_000;

/** A successful test result. */
export function success(durationMs = 120): TestResult {
  return {
    success: true,
    message: "Connected.",
    details: {
      result: "success",
      retryable: false,
      duration_ms: durationMs,
      steps: [{ name: "authenticate", ok: true, duration_ms: durationMs }],
    },
  };
}

/** A failed test result of `category`, failing in the step `step`. */
export function failure(
  category: Exclude<TestResultCategory, "success">,
  message = `Failed: ${category}.`,
  step = "authenticate",
): TestResult {
  return {
    success: false,
    message,
    details: {
      result: category,
      retryable: isRetryableCategory(category),
      duration_ms: 80,
      steps: [
        { name: "resolve", ok: true, duration_ms: 5 },
        { name: step, ok: false, duration_ms: 75, message },
      ],
    },
  };
}

/** A fresh ACTIVE, never-tested record created at `at(0)`. */
export function newRecord(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  const record = createConnectionRecord(
    { name: "Backups", provider_type: "s3", metadata: { team: "data" } },
    { now: at(0), organizationId: "org_1", createdBy: "user_1" },
  );
  return { ...record, ...overrides };
}

/** An ACTIVE record that has passed one test (so failures count toward suspension, not FAILED). */
export function testedRecord(): ConnectionRecord {
  return newRecord({
    last_tested_at: at(0).toISOString(),
    last_test: { success: true, result: "success", at: at(0).toISOString(), duration_ms: 100 },
  });
}
