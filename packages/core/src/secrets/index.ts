export { createKeyRing, type KeyRing, type SealingKey } from "./key-ring.js";
export { secretLeakForms } from "./leak-forms.js";
export {
  createRedactingLogger,
  type LogEntry,
  type LogLevel,
  type LogSink,
  noopLogger,
  noopLogSink,
  type RedactingLogger,
} from "./logger.js";
export { mergeSecretUpdate, SecretMarkerError } from "./merge-secret-update.js";
export { collectSecretValues, REDACTED_MARKER, redactConfig } from "./redact.js";
export { createSecretScrubber, type ScrubberOptions, type SecretScrubber } from "./scrubber.js";
export {
  needsRotation,
  openSecrets,
  resealSecrets,
  type SealContext,
  SecretSealError,
  type SecretSealErrorCode,
  sealSecrets,
} from "./seal.js";
export { type SealedConfig, sealConfig, unsealConfig } from "./sealed-config.js";
export { MIN_SUBSTRING_SECRET_LENGTH } from "./secret-variants.js";
