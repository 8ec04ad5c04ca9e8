import { describe, expect, it } from "vitest";
import { at, failure, MINUTE, newRecord, success, testedRecord } from "./__tests__/fixtures.js";
import { applyTestResult } from "./apply-test-result.js";
import type { ConnectionRecord } from "./connection-record.js";
import { connectionRecordSchema } from "./connection-record.js";
import { DEFAULT_LIFECYCLE_POLICY } from "./lifecycle-policy.js";
import { archiveConnection, suspendConnection } from "./transitions.js";

const NON_TRANSIENT = [
  "auth_failed",
  "permission_denied",
  "not_found",
  "invalid_config",
  "blocked_by_policy",
] as const;
const TRANSIENT = ["network_error", "timeout", "rate_limited", "provider_error"] as const;

/** Applies `count` auth failures one minute apart, starting at minute `from`. */
function failTimes(record: ConnectionRecord, count: number, from = 1): ConnectionRecord {
  let current = record;
  for (let i = 0; i < count; i++)
    current = applyTestResult(current, failure("auth_failed"), at((from + i) * MINUTE));
  return current;
}

describe("applyTestResult: success", () => {
  it("records the test and keeps an ACTIVE connection ACTIVE", () => {
    const next = applyTestResult(newRecord(), success(250), at(MINUTE));
    expect(next).toMatchObject({
      status: "ACTIVE",
      is_active: true,
      consecutive_failures: 0,
      last_error: null,
      last_tested_at: at(MINUTE).toISOString(),
      updated_at: at(MINUTE).toISOString(),
      last_test: { success: true, result: "success", at: at(MINUTE).toISOString(), duration_ms: 250 },
    });
    expect(next.last_test).not.toHaveProperty("failed_step");
    expect(connectionRecordSchema.parse(next)).toEqual(next);
  });

  it("resets the counter to 0, clears last_error and closes the transient window", () => {
    let record = failTimes(testedRecord(), 3);
    record = applyTestResult(record, failure("timeout"), at(10 * MINUTE));
    expect(record.consecutive_failures).toBe(4);
    expect(record.transient_window_started_at).not.toBeNull();
    const next = applyTestResult(record, success(), at(11 * MINUTE));
    expect(next).toMatchObject({
      consecutive_failures: 0,
      last_error: null,
      transient_window_started_at: null,
    });
  });

  it("reactivates a SUSPENDED connection (a successful retest) and clears the suspension", () => {
    const suspended = failTimes(testedRecord(), 5);
    expect(suspended.status).toBe("SUSPENDED");
    const next = applyTestResult(suspended, success(), at(30 * MINUTE));
    expect(next).toMatchObject({
      status: "ACTIVE",
      is_active: true,
      consecutive_failures: 0,
      suspended_at: null,
      suspension_reason: null,
      last_error: null,
    });
  });

  it("reactivates a manually suspended connection too", () => {
    const suspended = suspendConnection(testedRecord(), "Billing hold", at(MINUTE));
    expect(applyTestResult(suspended, success(), at(2 * MINUTE))).toMatchObject({
      status: "ACTIVE",
      suspension_reason: null,
    });
  });

  it("activates a FAILED connection", () => {
    const failed = applyTestResult(newRecord(), failure("auth_failed"), at(MINUTE));
    expect(failed.status).toBe("FAILED");
    expect(applyTestResult(failed, success(), at(2 * MINUTE))).toMatchObject({
      status: "ACTIVE",
      is_active: true,
      consecutive_failures: 0,
    });
  });

  it("does not modify its input", () => {
    const record = failTimes(testedRecord(), 2);
    const copy = structuredClone(record);
    applyTestResult(record, success(), at(MINUTE));
    applyTestResult(record, failure("timeout"), at(MINUTE));
    expect(record).toEqual(copy);
  });
});

describe("applyTestResult: failure", () => {
  it("stores the message in last_error, counts it and records the failed step", () => {
    const next = applyTestResult(
      testedRecord(),
      failure("permission_denied", "Access denied to bucket.", "list objects"),
      at(MINUTE),
    );
    expect(next).toMatchObject({
      status: "ACTIVE",
      is_active: true,
      consecutive_failures: 1,
      last_error: "Access denied to bucket.",
      last_tested_at: at(MINUTE).toISOString(),
      last_test: {
        success: false,
        result: "permission_denied",
        failed_step: "list objects",
        duration_ms: 80,
      },
    });
    expect(connectionRecordSchema.parse(next)).toEqual(next);
  });

  it("truncates last_error to 1000 characters with an ellipsis", () => {
    const next = applyTestResult(testedRecord(), failure("auth_failed", "x".repeat(5_000)), at(MINUTE));
    expect(next.last_error).toHaveLength(1_000);
    expect(next.last_error?.endsWith("…")).toBe(true);
    expect(next.last_error?.slice(0, 999)).toBe("x".repeat(999));
    expect(connectionRecordSchema.safeParse(next).success).toBe(true);
  });

  it("keeps ACTIVE at 4 counted failures and suspends at exactly 5 (the default)", () => {
    const four = failTimes(testedRecord(), 4);
    expect(four).toMatchObject({
      status: "ACTIVE",
      is_active: true,
      consecutive_failures: 4,
      suspended_at: null,
    });
    const five = applyTestResult(
      four,
      failure("auth_failed", "Invalid access key.", "authenticate"),
      at(10 * MINUTE),
    );
    expect(five).toMatchObject({
      status: "SUSPENDED",
      is_active: false,
      consecutive_failures: 5,
      suspended_at: at(10 * MINUTE).toISOString(),
      suspension_reason: {
        category: "auth_failed",
        step: "authenticate",
        message: "Invalid access key.",
        at: at(10 * MINUTE).toISOString(),
      },
    });
    expect(connectionRecordSchema.parse(five)).toEqual(five);
  });

  it("keeps counting on a SUSPENDED connection without moving it or rewriting the reason", () => {
    const five = failTimes(testedRecord(), 5);
    const six = applyTestResult(five, failure("not_found", "Bucket gone."), at(20 * MINUTE));
    expect(six).toMatchObject({
      status: "SUSPENDED",
      consecutive_failures: 6,
      last_error: "Bucket gone.",
      suspended_at: five.suspended_at,
      suspension_reason: five.suspension_reason,
    });
  });

  it("honours a custom suspendAfter", () => {
    const two = failTimes(testedRecord(), 2);
    expect(applyTestResult(two, failure("auth_failed"), at(9 * MINUTE), { suspendAfter: 3 }).status).toBe(
      "SUSPENDED",
    );
    expect(
      applyTestResult(testedRecord(), failure("auth_failed"), at(MINUTE), { suspendAfter: 1 }).status,
    ).toBe("SUSPENDED");
  });

  it("rejects an invalid policy", () => {
    expect(() => applyTestResult(testedRecord(), success(), at(1), { suspendAfter: 0 })).toThrow(RangeError);
    expect(() => applyTestResult(testedRecord(), success(), at(1), { transientCooldownMs: -1 })).toThrow(
      RangeError,
    );
  });

  it.each(NON_TRANSIENT)("counts every %s failure, however close together", (category) => {
    let record = testedRecord();
    for (let i = 1; i <= 5; i++) record = applyTestResult(record, failure(category), at(i));
    expect(record).toMatchObject({
      status: "SUSPENDED",
      consecutive_failures: 5,
      suspension_reason: { category },
    });
  });
});

describe("applyTestResult: transient failures and the cooldown window", () => {
  const cooldown = DEFAULT_LIFECYCLE_POLICY.transientCooldownMs;

  it("has a 15-minute default cooldown", () => {
    expect(cooldown).toBe(15 * MINUTE);
  });

  it.each(TRANSIENT)("counts %s at most once per window", (category) => {
    let record = applyTestResult(testedRecord(), failure(category, "Provider unreachable."), at(0));
    expect(record).toMatchObject({
      consecutive_failures: 1,
      transient_window_started_at: at(0).toISOString(),
    });
    // Inside the window: recorded but not counted.
    for (const t of [1, MINUTE, 14 * MINUTE, cooldown - 1]) {
      record = applyTestResult(record, failure(category, `Still down at ${t}.`), at(t));
      expect(record.consecutive_failures).toBe(1);
      expect(record.last_error).toBe(`Still down at ${t}.`);
      expect(record.last_tested_at).toBe(at(t).toISOString());
      expect(record.transient_window_started_at).toBe(at(0).toISOString());
    }
    // Exactly at the end of the window: counted, and a new window opens.
    record = applyTestResult(record, failure(category), at(cooldown));
    expect(record).toMatchObject({
      consecutive_failures: 2,
      transient_window_started_at: at(cooldown).toISOString(),
    });
  });

  it("an outage of one hour tested every minute does not suspend", () => {
    let record = testedRecord();
    for (let minute = 0; minute < 60; minute++)
      record = applyTestResult(record, failure("network_error"), at(minute * MINUTE));
    expect(record).toMatchObject({ status: "ACTIVE", is_active: true, consecutive_failures: 4 });
  });

  it("suspends after five windows of a lasting outage", () => {
    let record = testedRecord();
    for (let window = 0; window < 5; window++)
      record = applyTestResult(record, failure("timeout"), at(window * cooldown));
    expect(record).toMatchObject({
      status: "SUSPENDED",
      consecutive_failures: 5,
      suspension_reason: { category: "timeout" },
    });
  });

  it("counts non-transient failures inside an open transient window, and they do not move the window", () => {
    let record = applyTestResult(testedRecord(), failure("timeout"), at(0));
    record = applyTestResult(record, failure("auth_failed"), at(MINUTE));
    record = applyTestResult(record, failure("timeout"), at(2 * MINUTE));
    expect(record).toMatchObject({
      consecutive_failures: 2,
      transient_window_started_at: at(0).toISOString(),
    });
  });

  it("mixes: 4 auth failures then a transient one in a fresh window suspends", () => {
    let record = failTimes(testedRecord(), 4);
    record = applyTestResult(record, failure("rate_limited"), at(10 * MINUTE));
    expect(record).toMatchObject({
      status: "SUSPENDED",
      consecutive_failures: 5,
      suspension_reason: { category: "rate_limited" },
    });
  });

  it("does not count a transient failure whose clock went backwards into the window", () => {
    const record = applyTestResult(testedRecord(), failure("timeout"), at(10 * MINUTE));
    expect(applyTestResult(record, failure("timeout"), at(0)).consecutive_failures).toBe(1);
  });

  it("counts every transient failure with a cooldown of 0", () => {
    let record = testedRecord();
    for (let i = 0; i < 5; i++)
      record = applyTestResult(record, failure("timeout"), at(0), { transientCooldownMs: 0 });
    expect(record).toMatchObject({ status: "SUSPENDED", consecutive_failures: 5 });
  });

  it("uses a custom cooldown", () => {
    let record = applyTestResult(testedRecord(), failure("timeout"), at(0), { transientCooldownMs: MINUTE });
    record = applyTestResult(record, failure("timeout"), at(MINUTE - 1), { transientCooldownMs: MINUTE });
    expect(record.consecutive_failures).toBe(1);
    record = applyTestResult(record, failure("timeout"), at(MINUTE), { transientCooldownMs: MINUTE });
    expect(record.consecutive_failures).toBe(2);
  });
});

describe("applyTestResult: FAILED (never worked)", () => {
  it.each(NON_TRANSIENT)(
    "marks a never-tested ACTIVE connection FAILED on a first %s failure",
    (category) => {
      const next = applyTestResult(newRecord(), failure(category, "Wrong secret."), at(MINUTE));
      expect(next).toMatchObject({
        status: "FAILED",
        is_active: false,
        consecutive_failures: 1,
        last_error: "Wrong secret.",
        suspended_at: null,
        suspension_reason: null,
      });
      expect(connectionRecordSchema.parse(next)).toEqual(next);
    },
  );

  it("does not mark a connection FAILED for a transient first failure", () => {
    expect(applyTestResult(newRecord(), failure("timeout"), at(MINUTE))).toMatchObject({
      status: "ACTIVE",
      consecutive_failures: 1,
    });
  });

  it("stays FAILED (not SUSPENDED) while failures go on counting", () => {
    let record = applyTestResult(newRecord(), failure("auth_failed"), at(MINUTE));
    for (let i = 2; i <= 10; i++) record = applyTestResult(record, failure("auth_failed"), at(i * MINUTE));
    expect(record).toMatchObject({
      status: "FAILED",
      is_active: false,
      consecutive_failures: 10,
      suspension_reason: null,
    });
  });

  it("is not used once a connection has been tested", () => {
    expect(applyTestResult(testedRecord(), failure("auth_failed"), at(MINUTE)).status).toBe("ACTIVE");
  });
});

describe("applyTestResult: ARCHIVED is final", () => {
  it("returns an archived record unchanged, last_test included, whatever the result", () => {
    const archived = archiveConnection(failTimes(testedRecord(), 2), at(10 * MINUTE));
    expect(applyTestResult(archived, success(), at(11 * MINUTE))).toBe(archived);
    expect(applyTestResult(archived, failure("auth_failed"), at(12 * MINUTE))).toBe(archived);
    expect(applyTestResult(archived, failure("timeout"), at(13 * MINUTE))).toBe(archived);
  });
});

describe("applyTestResult: malformed results", () => {
  it("treats a failure labelled 'success' as a provider error", () => {
    const malformed = { ...success(), success: false, message: "Odd." };
    const record = failTimes(testedRecord(), 4);
    const next = applyTestResult(record, malformed, at(30 * MINUTE));
    expect(next).toMatchObject({ status: "SUSPENDED", suspension_reason: { category: "provider_error" } });
    expect(connectionRecordSchema.safeParse(next).success).toBe(true);
  });
});
