export { createConnectionRecord, type NewConnection, type NewConnectionContext, resolveConnection } from "./connection-factory.js";
export { generateConnectionId, isConnectionId } from "./connection-id.js";
export {
  CONNECTION_STATUSES,
  type ConnectionRecord,
  type ConnectionStatus,
  connectionMetadataSchema,
  connectionRecordSchema,
  lastTestSchema,
  MAX_LAST_ERROR_LENGTH,
  type Suspension,
  suspensionSchema,
} from "./connection-record.js";
export { connectionNameSchema, createConnectionRequestSchema, type RequestSchemaProvider } from "./connection-request.js";
export {
  applyTestResult,
  archiveConnection,
  DEFAULT_LIFECYCLE_POLICY,
  IllegalTransitionError,
  type LifecyclePolicy,
  reactivateConnection,
  suspendConnection,
  truncateLastError,
} from "./lifecycle.js";
