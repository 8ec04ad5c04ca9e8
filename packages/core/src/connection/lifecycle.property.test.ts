import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FailureCategory, isRetryableCategory, TEST_RESULT_CATEGORIES } from "../result/categories.js";
import type { TestResult } from "../result/test-result.js";
import { at, failure, MINUTE, newRecord, success, testedRecord } from "./__tests__/fixtures.js";
import { applyTestResult } from "./apply-test-result.js";
import { type ConnectionRecord, connectionRecordSchema } from "./connection-record.js";
import { IllegalTransitionError } from "./illegal-transition-error.js";
import type { LifecyclePolicy } from "./lifecycle-policy.js";
import { archiveConnection, reactivateConnection, suspendConnection } from "./transitions.js";

const FAILURES = TEST_RESULT_CATEGORIES.filter(
  (category): category is FailureCategory => category !== "success",
);

type Action =
  | { kind: "test"; result: TestResult; advanceMs: number }
  | { kind: "suspend" | "reactivate" | "archive"; advanceMs: number };

// Mostly small steps so cooldown windows matter, sometimes long gaps, now and then a clock going back.
const advanceMs = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 5 * MINUTE }) },
  { weight: 3, arbitrary: fc.integer({ min: 5 * MINUTE, max: 3 * 60 * MINUTE }) },
  { weight: 1, arbitrary: fc.integer({ min: -10 * MINUTE, max: 0 }) },
);

const testResult = fc.oneof(
  { weight: 1, arbitrary: fc.constant(success()) },
  { weight: 4, arbitrary: fc.constantFrom(...FAILURES).map((category) => failure(category)) },
);

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 20, arbitrary: fc.record({ kind: fc.constant("test" as const), result: testResult, advanceMs }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("suspend" as const), advanceMs }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reactivate" as const), advanceMs }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("archive" as const), advanceMs }) },
);

const policy: fc.Arbitrary<LifecyclePolicy> = fc.record({
  suspendAfter: fc.integer({ min: 1, max: 8 }),
  transientCooldownMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 * MINUTE })),
});

const scenario = fc.record({
  tested: fc.boolean(),
  policy,
  actions: fc.array(action, { maxLength: 60 }),
});

/** An independent count of the failures the rules say must count, to compare with the record's. */
class FailureCounter {
  count = 0;
  private windowStart: number | undefined;
  constructor(private readonly policy: LifecyclePolicy) {}
  reset(): void {
    this.count = 0;
    this.windowStart = undefined;
  }
  fail(category: FailureCategory, now: number): void {
    if (!isRetryableCategory(category)) {
      this.count += 1;
      return;
    }
    const { transientCooldownMs } = this.policy;
    if (
      transientCooldownMs === 0 ||
      this.windowStart === undefined ||
      now - this.windowStart >= transientCooldownMs
    ) {
      this.count += 1;
      this.windowStart = now;
    }
  }
}

/** Runs one action; returns the next record. Illegal transitions must throw and leave nothing changed. */
function step(
  record: ConnectionRecord,
  act: Action,
  now: Date,
  lifecycle: LifecyclePolicy,
): ConnectionRecord {
  switch (act.kind) {
    case "test":
      return applyTestResult(record, act.result, now, lifecycle);
    case "archive":
      return archiveConnection(record, now);
    case "suspend":
    case "reactivate": {
      const run = () =>
        act.kind === "suspend"
          ? suspendConnection(record, "Operator", now)
          : reactivateConnection(record, now);
      if (record.status !== "ARCHIVED") return run();
      expect(run).toThrow(IllegalTransitionError);
      return record;
    }
  }
}

describe("lifecycle properties", () => {
  it("keeps every invariant over random sequences of results, times and actions", () => {
    fc.assert(
      fc.property(scenario, ({ tested, policy: lifecycle, actions }) => {
        let record = tested ? testedRecord() : newRecord();
        const counter = new FailureCounter(lifecycle);
        let time = 0;
        for (const act of actions) {
          time = Math.max(0, time + act.advanceMs);
          const now = at(time);
          const before = record;
          record = step(before, act, now, lifecycle);

          // The input is never changed, and nothing leaves ARCHIVED (the record is returned as is).
          if (before.status === "ARCHIVED") expect(record).toBe(before);

          // Keep the independent count in step with what should have happened.
          if (before.status !== "ARCHIVED") {
            if (act.kind === "test" && act.result.success) counter.reset();
            else if (act.kind === "test")
              counter.fail(act.result.details.result as FailureCategory, now.getTime());
            else if (act.kind === "reactivate" && before.status !== "ACTIVE") counter.reset();
          }

          expect(record.is_active).toBe(record.status === "ACTIVE");
          expect(Number.isInteger(record.consecutive_failures)).toBe(true);
          expect(record.consecutive_failures).toBeGreaterThanOrEqual(0);
          expect(record.consecutive_failures).toBe(counter.count);
          expect(connectionRecordSchema.safeParse(record).success).toBe(true);

          if (act.kind === "test" && act.result.success && before.status !== "ARCHIVED") {
            expect(record).toMatchObject({ status: "ACTIVE", consecutive_failures: 0, last_error: null });
          }
          if (act.kind === "test" && before.status !== "SUSPENDED" && record.status === "SUSPENDED") {
            // Suspended by the rules: only an ACTIVE connection, by a failure, at the threshold.
            expect(before.status).toBe("ACTIVE");
            expect(act.result.success).toBe(false);
            expect(record.consecutive_failures).toBeGreaterThanOrEqual(lifecycle.suspendAfter);
          }
          if (
            act.kind === "test" &&
            !act.result.success &&
            before.status === "ACTIVE" &&
            record.status !== "FAILED" &&
            counter.count >= lifecycle.suspendAfter
          ) {
            // And the converse: an ACTIVE connection whose counter reaches the threshold is suspended.
            expect(record.status).toBe("SUSPENDED");
          }
          if (record.status === "SUSPENDED" && record.suspension_reason?.category !== "manual") {
            expect(record.consecutive_failures).toBeGreaterThanOrEqual(lifecycle.suspendAfter);
            expect(record.suspended_at).not.toBeNull();
          }
          if (before.status !== "FAILED" && record.status === "FAILED") {
            // FAILED only for a never-tested connection's first, non-transient failure.
            expect(before).toMatchObject({ status: "ACTIVE", last_tested_at: null });
            expect(
              act.kind === "test" && !act.result.success && !isRetryableCategory(act.result.details.result),
            ).toBe(true);
          }
          if (record.last_error !== null) expect(record.last_error.length).toBeLessThanOrEqual(1_000);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("suspends after exactly 5 consecutive counted failures under the default policy", () => {
    const outcome = fc.oneof(
      { weight: 1, arbitrary: fc.constant(success()) },
      {
        weight: 4,
        arbitrary: fc
          .constantFrom<FailureCategory>(...FAILURES.filter((category) => !isRetryableCategory(category)))
          .map((category) => failure(category)),
      },
    );
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 40 }), (results) => {
        let record = testedRecord();
        let failuresSinceSuccess = 0;
        results.forEach((result, index) => {
          // No policy given: the defaults apply (non-transient failures always count).
          record = applyTestResult(record, result, at(index * MINUTE));
          failuresSinceSuccess = result.success ? 0 : failuresSinceSuccess + 1;
          expect(record.consecutive_failures).toBe(failuresSinceSuccess);
          expect(record.status).toBe(failuresSinceSuccess >= 5 ? "SUSPENDED" : "ACTIVE");
          expect(record.is_active).toBe(failuresSinceSuccess < 5);
          if (failuresSinceSuccess === 5) expect(record.suspended_at).toBe(at(index * MINUTE).toISOString());
        });
      }),
      { numRuns: 300 },
    );
  });

  it("never lets a stream of transient failures count more than once per cooldown window", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 * MINUTE }), { minLength: 1, maxLength: 80 }),
        fc.constantFrom<FailureCategory>("network_error", "timeout", "rate_limited", "provider_error"),
        (gaps, category) => {
          const cooldown = 15 * MINUTE;
          let record = testedRecord();
          let time = 0;
          for (const gap of gaps) {
            time += gap;
            record = applyTestResult(record, failure(category), at(time), {
              transientCooldownMs: cooldown,
              suspendAfter: 1_000,
            });
          }
          // Windows are at least `cooldown` apart, so a span of `time` holds at most floor(time / cooldown) + 1.
          expect(record.consecutive_failures).toBeGreaterThanOrEqual(1);
          expect(record.consecutive_failures).toBeLessThanOrEqual(Math.floor(time / cooldown) + 1);
          expect(record.status).toBe("ACTIVE");
        },
      ),
      { numRuns: 200 },
    );
  });
});
