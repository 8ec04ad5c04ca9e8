import * as z from "zod";
import { type FailureCategory, TEST_RESULT_CATEGORIES } from "../result/categories.js";
import { CONNECTION_ID_PATTERN } from "./connection-id.js";
import { MAX_LAST_ERROR_LENGTH } from "./last-error.js";

/**
 * The four statuses of a connection:
 *
 * - `ACTIVE`: in use and health-checked. The only status with `is_active: true`.
 * - `SUSPENDED`: it worked, then failed `suspendAfter` counted times in a row (or an operator suspended
 *   it); `suspension_reason` says why. A successful retest reactivates it.
 * - `FAILED`: it never worked: its very first test failed for a non-transient reason (a wrong secret, a
 *   missing bucket), typically a connection saved with `test_before_save: false`. A successful test
 *   activates it.
 * - `ARCHIVED`: retired by a person. Final: nothing moves a connection out of it.
 */
export const CONNECTION_STATUSES = ["ACTIVE", "SUSPENDED", "FAILED", "ARCHIVED"] as const;

/** One of {@link CONNECTION_STATUSES}. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Why a connection was suspended: a failure category, or `manual` when an operator suspended it. */
export type SuspensionCategory = FailureCategory | "manual";

/** Every {@link SuspensionCategory}: each failure category of a test result, then `manual`. */
export const SUSPENSION_CATEGORIES: readonly SuspensionCategory[] = [
  ...TEST_RESULT_CATEGORIES.filter((category): category is FailureCategory => category !== "success"),
  "manual",
];

// Built on first use (z.lazy), not at import: constructing these zod schemas is a third of what importing the
// core costs, and listing providers or exporting their forms never needs them.
function buildSchemas() {
  const isoDateTime = z.iso.datetime({ offset: true });
  const suspensionReason = z.strictObject({
    category: z.enum(SUSPENSION_CATEGORIES),
    /** The test step that failed (`authenticate`, `list objects`), when known. */
    step: z.string().optional(),
    message: z.string().max(MAX_LAST_ERROR_LENGTH),
    at: isoDateTime,
  });
  const lastTest = z.strictObject({
    success: z.boolean(),
    result: z.enum(TEST_RESULT_CATEGORIES),
    at: isoDateTime,
    duration_ms: z.number().nonnegative(),
    /** The first step that failed, when the test failed in a named step. */
    failed_step: z.string().optional(),
  });
  const record = z.strictObject({
    connection_id: z.string().regex(CONNECTION_ID_PATTERN),
    internal_id: z.uuid(),
    organization_id: z.string().min(1),
    name: z.string().min(1).max(100),
    description: z.string().max(500).optional(),
    provider_type: z.string().min(1),
    created_by: z.string().min(1),
    status: z.enum(CONNECTION_STATUSES),
    /** Always exactly `status === "ACTIVE"`; kept as a field because the seed API exposes it. */
    is_active: z.boolean(),
    last_sync_at: isoDateTime.nullable(),
    last_tested_at: isoDateTime.nullable(),
    last_error: z.string().max(MAX_LAST_ERROR_LENGTH).nullable(),
    /** Counted failures since the last success or reactivation (transient ones at most once per window). */
    consecutive_failures: z.number().int().nonnegative(),
    /** When the current transient-failure cooldown window opened; null when none is open. */
    transient_window_started_at: isoDateTime.nullable(),
    last_test: lastTest.nullable(),
    suspended_at: isoDateTime.nullable(),
    suspension_reason: suspensionReason.nullable(),
    created_at: isoDateTime,
    updated_at: isoDateTime,
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  });
  return { suspensionReason, lastTest, record };
}
const schemas = memoize(buildSchemas);
type RecordSchemas = ReturnType<typeof buildSchemas>;

/** Why and when a connection was suspended, so a person (or a retest) can act on it. */
export const suspensionReasonSchema: z.ZodType<SuspensionReason> = z.lazy(() => schemas().suspensionReason);

/** A compact summary of the latest connection test. */
export const lastTestSchema: z.ZodType<LastTest> = z.lazy(() => schemas().lastTest);

/**
 * The stored connection record: the seed's fields (snake_case) plus the lifecycle's evidence
 * (`last_test`, `suspended_at`, `suspension_reason`, `transient_window_started_at`). Timestamps are ISO
 * 8601 strings. Use it to validate what is read back from storage or sent in API responses.
 */
export const connectionRecordSchema: z.ZodType<ConnectionRecord> = z.lazy(() => schemas().record);

function memoize<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/** A connection record. `is_active` is always exactly `status === "ACTIVE"`. */
export type ConnectionRecord = z.output<RecordSchemas["record"]>;
/** The suspension evidence of a record. */
export type SuspensionReason = z.output<RecordSchemas["suspensionReason"]>;
/** The summary of a record's latest test. */
export type LastTest = z.output<RecordSchemas["lastTest"]>;
