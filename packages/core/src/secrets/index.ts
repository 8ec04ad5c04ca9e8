export { createKeyRing, type KeyRing, type SealingKey } from "./key-ring.js";
export { MIN_SUBSTRING_SECRET_LENGTH, secretLeakForms } from "./leak-forms.js";
export {
  createRedactingLogger,
  type LogEntry,
  type LogLevel,
  type LogSink,
  noopLogSink,
  type RedactingLogger,
} from "./logger.js";
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
export {
  mergeSecretUpdate,
  type SealedConfig,
  SecretMarkerError,
  sealConfig,
  unsealConfig,
} from "./sealed-config.js";
