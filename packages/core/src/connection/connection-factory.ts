import { randomUUID } from "node:crypto";
import { generateConnectionId } from "./connection-id.js";
import type { ConnectionRecord } from "./connection-record.js";

/** The fields of a validated create-connection request the record keeps. */
export interface NewConnection {
  name: string;
  provider_type: string;
  description?: string | undefined;
  metadata?: Record<string, string | number | boolean> | undefined;
}

/** Who creates the record, and when. */
export interface NewConnectionContext {
  now: Date;
  organizationId: string;
  createdBy: string;
  /** An id to use instead of a fresh one (tests, imports). */
  connectionId?: string;
}

/** A new ACTIVE record, never tested, for a validated create request. */
export function createConnectionRecord(request: NewConnection, context: NewConnectionContext): ConnectionRecord {
  const at = context.now.toISOString();
  return {
    connection_id: context.connectionId ?? generateConnectionId(),
    internal_id: randomUUID(),
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
    suspension: null,
    created_at: at,
    updated_at: at,
    metadata: { ...(request.metadata ?? {}) },
  };
}

/**
 * Finds a connection by identifier, as the seed's `{connection_identifier}`: a `conn_…` id, else an
 * exact name (names are unique per organization). An id wins over a name that happens to look like one.
 */
export function resolveConnection<T extends Pick<ConnectionRecord, "connection_id" | "name">>(
  records: Iterable<T>,
  identifier: string,
): T | undefined {
  let byName: T | undefined;
  for (const record of records) {
    if (record.connection_id === identifier) return record;
    if (byName === undefined && record.name === identifier) byName = record;
  }
  return byName;
}
