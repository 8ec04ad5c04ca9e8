import { describe, expect, it } from "vitest";
import { at, failure, MINUTE, newRecord, testedRecord } from "./__tests__/fixtures.js";
import { applyTestResult } from "./apply-test-result.js";
import { connectionRecordSchema } from "./connection-record.js";
import { IllegalTransitionError } from "./illegal-transition-error.js";
import { archiveConnection, reactivateConnection, suspendConnection } from "./transitions.js";

describe("suspendConnection", () => {
  it("suspends an ACTIVE connection with a manual reason", () => {
    const next = suspendConnection(testedRecord(), "Customer asked to pause.", at(MINUTE));
    expect(next).toMatchObject({
      status: "SUSPENDED",
      is_active: false,
      suspended_at: at(MINUTE).toISOString(),
      updated_at: at(MINUTE).toISOString(),
      suspension_reason: {
        category: "manual",
        message: "Customer asked to pause.",
        at: at(MINUTE).toISOString(),
      },
    });
    expect(next.suspension_reason).not.toHaveProperty("step");
    expect(connectionRecordSchema.parse(next)).toEqual(next);
  });

  it("suspends a FAILED connection", () => {
    const failed = applyTestResult(newRecord(), failure("auth_failed"), at(MINUTE));
    expect(suspendConnection(failed, "Review", at(2 * MINUTE)).status).toBe("SUSPENDED");
  });

  it("keeps the first reason when the connection is already SUSPENDED", () => {
    const once = suspendConnection(testedRecord(), "First", at(MINUTE));
    expect(suspendConnection(once, "Second", at(2 * MINUTE))).toBe(once);
  });

  it("truncates a long reason to 1000 characters", () => {
    const next = suspendConnection(testedRecord(), "r".repeat(2_000), at(MINUTE));
    expect(next.suspension_reason?.message).toHaveLength(1_000);
  });

  it("refuses an ARCHIVED connection with a clear error", () => {
    const archived = archiveConnection(testedRecord(), at(MINUTE));
    expect(() => suspendConnection(archived, "x", at(2 * MINUTE))).toThrow(IllegalTransitionError);
    expect(() => suspendConnection(archived, "x", at(2 * MINUTE))).toThrow(
      `Cannot suspend connection ${archived.connection_id}: it is ARCHIVED, and archiving is final.`,
    );
  });
});

describe("reactivateConnection", () => {
  it("reactivates a SUSPENDED connection and resets the counter", () => {
    let record = testedRecord();
    for (let i = 1; i <= 5; i++) record = applyTestResult(record, failure("timeout"), at(i * 20 * MINUTE));
    expect(record.status).toBe("SUSPENDED");
    const next = reactivateConnection(record, at(200 * MINUTE));
    expect(next).toMatchObject({
      status: "ACTIVE",
      is_active: true,
      consecutive_failures: 0,
      transient_window_started_at: null,
      suspended_at: null,
      suspension_reason: null,
      updated_at: at(200 * MINUTE).toISOString(),
    });
    // History stays: the last error and test are still there for the operator.
    expect(next.last_error).toBe(record.last_error);
    expect(next.last_test).toEqual(record.last_test);
  });

  it("reactivates a FAILED connection; its next failure then counts toward suspension", () => {
    const failed = applyTestResult(newRecord(), failure("auth_failed"), at(MINUTE));
    const active = reactivateConnection(failed, at(2 * MINUTE));
    expect(active).toMatchObject({ status: "ACTIVE", consecutive_failures: 0 });
    expect(applyTestResult(active, failure("auth_failed"), at(3 * MINUTE))).toMatchObject({
      status: "ACTIVE",
      consecutive_failures: 1,
    });
  });

  it("returns an ACTIVE record unchanged", () => {
    const record = testedRecord();
    expect(reactivateConnection(record, at(MINUTE))).toBe(record);
  });

  it("refuses an ARCHIVED connection", () => {
    const archived = archiveConnection(testedRecord(), at(MINUTE));
    let error: unknown;
    try {
      reactivateConnection(archived, at(2 * MINUTE));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({
      name: "IllegalTransitionError",
      code: "illegal_transition",
      from: "ARCHIVED",
      action: "reactivate",
      connectionId: archived.connection_id,
    });
  });
});

describe("archiveConnection", () => {
  it.each([
    ["ACTIVE", () => testedRecord()],
    ["SUSPENDED", () => suspendConnection(testedRecord(), "x", at(1))],
    ["FAILED", () => applyTestResult(newRecord(), failure("not_found"), at(1))],
  ] as const)("archives a %s connection", (from, make) => {
    const record = make();
    expect(record.status).toBe(from);
    const archived = archiveConnection(record, at(MINUTE));
    expect(archived).toMatchObject({
      status: "ARCHIVED",
      is_active: false,
      updated_at: at(MINUTE).toISOString(),
    });
    expect(connectionRecordSchema.parse(archived)).toEqual(archived);
  });

  it("is final and idempotent", () => {
    const archived = archiveConnection(testedRecord(), at(MINUTE));
    expect(archiveConnection(archived, at(2 * MINUTE))).toBe(archived);
    expect(() => reactivateConnection(archived, at(3 * MINUTE))).toThrow(IllegalTransitionError);
    expect(() => suspendConnection(archived, "x", at(3 * MINUTE))).toThrow(IllegalTransitionError);
    expect(applyTestResult(archived, failure("auth_failed"), at(4 * MINUTE)).status).toBe("ARCHIVED");
  });
});
