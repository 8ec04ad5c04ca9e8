import type { ConnectionRecord } from "./connection-record.js";
import { IllegalTransitionError } from "./illegal-transition-error.js";
import { truncateLastError } from "./last-error.js";
import { withStatus } from "./record-status.js";

/**
 * Suspends a connection by hand (an operator's decision), recording `reason` as a `manual` suspension
 * reason. Allowed from ACTIVE and FAILED; a SUSPENDED record is returned unchanged (its first reason is
 * kept). Throws {@link IllegalTransitionError} for an ARCHIVED one.
 */
export function suspendConnection(record: ConnectionRecord, reason: string, now: Date): ConnectionRecord {
  if (record.status === "ARCHIVED")
    throw new IllegalTransitionError(record.connection_id, record.status, "suspend");
  if (record.status === "SUSPENDED") return record;
  const at = now.toISOString();
  return {
    ...withStatus(record, "SUSPENDED", at),
    suspended_at: at,
    suspension_reason: { category: "manual", message: truncateLastError(reason), at },
  };
}

/**
 * Makes a SUSPENDED or FAILED connection ACTIVE without a test (an operator's decision): the failure
 * counter goes back to 0, the transient window closes and the suspension is cleared; `last_error` and
 * `last_test` stay as history. An ACTIVE record is returned unchanged. Throws
 * {@link IllegalTransitionError} for an ARCHIVED one.
 */
export function reactivateConnection(record: ConnectionRecord, now: Date): ConnectionRecord {
  if (record.status === "ARCHIVED") {
    throw new IllegalTransitionError(record.connection_id, record.status, "reactivate");
  }
  if (record.status === "ACTIVE") return record;
  return {
    ...withStatus(record, "ACTIVE", now.toISOString()),
    consecutive_failures: 0,
    transient_window_started_at: null,
    suspended_at: null,
    suspension_reason: null,
  };
}

/**
 * Archives a connection from any status. Final: no function moves a record out of ARCHIVED (tests are
 * ignored, suspending or reactivating throws). An ARCHIVED record is returned unchanged.
 */
export function archiveConnection(record: ConnectionRecord, now: Date): ConnectionRecord {
  if (record.status === "ARCHIVED") return record;
  return withStatus(record, "ARCHIVED", now.toISOString());
}
