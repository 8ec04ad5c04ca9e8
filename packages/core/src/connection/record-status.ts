import type { ConnectionRecord, ConnectionStatus } from "./connection-record.js";

/** `record` with a new status, `is_active` kept equal to `status === "ACTIVE"`, and `updated_at` = `at`. */
export function withStatus(record: ConnectionRecord, status: ConnectionStatus, at: string): ConnectionRecord {
  return { ...record, status, is_active: status === "ACTIVE", updated_at: at };
}
