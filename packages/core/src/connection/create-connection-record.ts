import { nodeCrypto } from "../lazy-builtins.js";
import type { TestResult } from "../result/test-result.js";
import { applyTestResult } from "./apply-test-result.js";
import { generateConnectionId, isConnectionId } from "./connection-id.js";
import type { ConnectionRecord } from "./connection-record.js";
import type { LifecyclePolicy } from "./lifecycle-policy.js";
import type { ConnectionMetadata } from "./metadata.js";

/**
 * The fields of a validated create-connection request that the record keeps (the parsed output of
 * {@link createConnectionRequestSchema} fits; `provider_config` is stored apart, with its secrets sealed).
 */
export interface NewConnection {
  name: string;
  provider_type: string;
  description?: string | undefined;
  metadata?: ConnectionMetadata | undefined;
}

/** Who creates the record and when, plus optional fixed ids and the save-time test. */
export interface NewConnectionContext {
  now: Date;
  organizationId: string;
  /** The user (or service) creating the connection. */
  createdBy: string;
  /** A `conn_…` id to use instead of a fresh one (imports, tests). */
  connectionId?: string;
  /** A UUID to use as `internal_id` instead of a fresh one (imports, tests). */
  internalId?: string;
  /**
   * The result of the test run before saving (`test_before_save: true`), applied with
   * {@link applyTestResult}: a success records `last_test`; a non-transient failure makes the record FAILED.
   */
  testResult?: TestResult;
  /** Overrides of the lifecycle policy used to apply `testResult`. */
  policy?: Partial<LifecyclePolicy>;
}

/**
 * A new connection record for a validated create request: ACTIVE, with no failures, and never tested unless
 * `context.testResult` is given. Throws a `TypeError` when `context.connectionId` is not a `conn_…` id.
 */
export function createConnectionRecord(
  request: NewConnection,
  context: NewConnectionContext,
): ConnectionRecord {
  if (context.connectionId !== undefined && !isConnectionId(context.connectionId)) {
    throw new TypeError(`"${context.connectionId}" is not a connection id (conn_ + 15 letters or digits).`);
  }
  const at = context.now.toISOString();
  const record: ConnectionRecord = {
    connection_id: context.connectionId ?? generateConnectionId(),
    internal_id: context.internalId ?? nodeCrypto().randomUUID(),
    organization_id: context.organizationId,
    name: request.name,
    ...(request.description === undefined ? {} : { description: request.description }),
    provider_type: request.provider_type,
    created_by: context.createdBy,
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
    created_at: at,
    updated_at: at,
    metadata: { ...request.metadata },
  };
  if (context.testResult === undefined) return record;
  return applyTestResult(record, context.testResult, context.now, context.policy);
}
