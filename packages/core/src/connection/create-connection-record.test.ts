import { describe, expect, it } from "vitest";
import { at, failure, success } from "./__tests__/fixtures.js";
import { isConnectionId } from "./connection-id.js";
import { connectionRecordSchema } from "./connection-record.js";
import { createConnectionRecord } from "./create-connection-record.js";

const context = { now: at(0), organizationId: "org_1", createdBy: "user_1" };
const request = {
  name: "Backups",
  provider_type: "s3",
  provider_config: { bucket: "backups" },
  description: "Nightly",
  metadata: { team: "data", tier: 1, critical: true },
  test_before_save: true,
};

describe("createConnectionRecord", () => {
  it("creates an ACTIVE, untested record from a parsed request", () => {
    const record = createConnectionRecord(request, context);
    expect(isConnectionId(record.connection_id)).toBe(true);
    expect(record.internal_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(record).toEqual({
      connection_id: record.connection_id,
      internal_id: record.internal_id,
      organization_id: "org_1",
      name: "Backups",
      description: "Nightly",
      provider_type: "s3",
      created_by: "user_1",
      status: "ACTIVE",
      is_active: true,
      last_sync_at: null,
      last_tested_at: null,
      last_error: null,
      consecutive_failures: 0,
      transient_window_started_at: null,
      last_test: null,
      suspended_at: null,
      suspension_reason: null,
      created_at: at(0).toISOString(),
      updated_at: at(0).toISOString(),
      metadata: { team: "data", tier: 1, critical: true },
    });
    // provider_config and test_before_save are not part of the record.
    expect(record).not.toHaveProperty("provider_config");
    expect(connectionRecordSchema.parse(record)).toEqual(record);
  });

  it("copies metadata instead of sharing it", () => {
    const record = createConnectionRecord(request, context);
    expect(record.metadata).not.toBe(request.metadata);
  });

  it("leaves description out and metadata empty when the request has none", () => {
    const record = createConnectionRecord({ name: "Feed", provider_type: "rss" }, context);
    expect(record).not.toHaveProperty("description");
    expect(record.metadata).toEqual({});
    expect(connectionRecordSchema.safeParse(record).success).toBe(true);
  });

  it("gives every record new ids", () => {
    const a = createConnectionRecord(request, context);
    const b = createConnectionRecord(request, context);
    expect(a.connection_id).not.toBe(b.connection_id);
    expect(a.internal_id).not.toBe(b.internal_id);
  });

  it("uses given ids, and refuses a malformed connection id", () => {
    const record = createConnectionRecord(request, {
      ...context,
      connectionId: "conn_AbCdEfGhIjKlMn0",
      internalId: "6f1c1f1e-8c1a-4d7e-9a51-0b7c4b1d2e3f",
    });
    expect(record.connection_id).toBe("conn_AbCdEfGhIjKlMn0");
    expect(record.internal_id).toBe("6f1c1f1e-8c1a-4d7e-9a51-0b7c4b1d2e3f");
    expect(() => createConnectionRecord(request, { ...context, connectionId: "conn_short" })).toThrow(
      TypeError,
    );
  });

  it("applies the save-time test result", () => {
    const tested = createConnectionRecord(request, { ...context, testResult: success(300) });
    expect(tested).toMatchObject({
      status: "ACTIVE",
      last_tested_at: at(0).toISOString(),
      last_test: { success: true, duration_ms: 300 },
    });
    const failed = createConnectionRecord(request, {
      ...context,
      testResult: failure("auth_failed", "Bad key."),
    });
    expect(failed).toMatchObject({
      status: "FAILED",
      is_active: false,
      last_error: "Bad key.",
      consecutive_failures: 1,
    });
  });
});

describe("connectionRecordSchema", () => {
  const record = createConnectionRecord(request, context);

  it.each([
    ["is_active not a boolean", { is_active: "yes" }],
    ["an unknown status", { status: "DELETED" }],
    ["a malformed connection id", { connection_id: "conn_1" }],
    ["a negative counter", { consecutive_failures: -1 }],
    ["a last_error over 1000 characters", { last_error: "e".repeat(1_001) }],
    ["a non-ISO date", { updated_at: "yesterday" }],
    ["an unknown key", { secret: "x" }],
  ])("rejects %s", (_label, patch) => {
    expect(connectionRecordSchema.safeParse({ ...record, ...patch }).success).toBe(false);
  });

  it("accepts a last_error of exactly 1000 characters", () => {
    expect(connectionRecordSchema.safeParse({ ...record, last_error: "e".repeat(1_000) }).success).toBe(true);
  });
});
