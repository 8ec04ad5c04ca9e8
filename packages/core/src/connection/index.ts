export { applyTestResult } from "./apply-test-result.js";
export {
  CONNECTION_ID_PATTERN,
  generateConnectionId,
  isConnectionId,
  type RandomBytes,
} from "./connection-id.js";
export {
  CONNECTION_STATUSES,
  type ConnectionRecord,
  type ConnectionStatus,
  connectionRecordSchema,
  type LastTest,
  lastTestSchema,
  SUSPENSION_CATEGORIES,
  type SuspensionCategory,
  type SuspensionReason,
  suspensionReasonSchema,
} from "./connection-record.js";
export {
  type CreateConnectionRequest,
  type CreateConnectionRequestInput,
  type CreateConnectionRequestSchema,
  connectionNameSchema,
  createConnectionRequestSchema,
  MAX_CONNECTION_DESCRIPTION_LENGTH,
  MAX_CONNECTION_NAME_LENGTH,
  type RequestSchemaProvider,
} from "./connection-request.js";
export {
  createConnectionRecord,
  type NewConnection,
  type NewConnectionContext,
} from "./create-connection-record.js";
export { IllegalTransitionError, type LifecycleAction } from "./illegal-transition-error.js";
export { MAX_LAST_ERROR_LENGTH, truncateLastError } from "./last-error.js";
export {
  DEFAULT_LIFECYCLE_POLICY,
  type LifecyclePolicy,
  resolveLifecyclePolicy,
} from "./lifecycle-policy.js";
export {
  type ConnectionMetadata,
  type ConnectionMetadataValue,
  connectionMetadataSchema,
  MAX_METADATA_KEY_LENGTH,
  MAX_METADATA_KEYS,
  MAX_METADATA_STRING_LENGTH,
} from "./metadata.js";
export {
  type IdentifiableConnection,
  matchesConnectionIdentifier,
  resolveConnection,
} from "./resolve-connection.js";
export { archiveConnection, reactivateConnection, suspendConnection } from "./transitions.js";
