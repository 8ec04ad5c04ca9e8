import { getAtPath, updateAtPath } from "../util/paths.js";
import { REDACTED_MARKER, redactConfig } from "./redact.js";
import { openSecrets, type SealContext, sealSecrets } from "./seal.js";

/** A config split for storage: the non-secret part in the clear, the secrets in one sealed envelope. */
export interface SealedConfig {
  /** The config with each secret replaced by `***REDACTED***` (safe to store, index and return). */
  config: unknown;
  sealed: string;
}

/** Splits a config into its redacted form and a sealed envelope of its secret values (by path). */
export function sealConfig(
  config: unknown,
  secretPaths: readonly string[],
  context: SealContext,
): SealedConfig {
  const secrets: Record<string, unknown> = {};
  for (const path of secretPaths) {
    const value = getAtPath(config, path);
    if (value !== undefined) secrets[path] = value;
  }
  return { config: redactConfig(config, secretPaths), sealed: sealSecrets(secrets, context) };
}

/** Puts the sealed secrets back into the redacted config. Throws `SecretSealError` when the envelope cannot be opened. */
export function unsealConfig(
  stored: SealedConfig,
  secretPaths: readonly string[],
  context: SealContext,
): unknown {
  const secrets = openSecrets(stored.sealed, context) as Record<string, unknown>;
  let config = stored.config;
  for (const path of secretPaths) {
    if (Object.hasOwn(secrets, path)) config = updateAtPath(config, path, () => secrets[path]);
  }
  return config;
}

/** A redaction marker sent back for a secret that was never stored. */
export class SecretMarkerError extends Error {
  override readonly name = "SecretMarkerError";
  constructor(readonly path: string) {
    super(`${path}: "${REDACTED_MARKER}" stands for the stored secret, but none is stored; send the value.`);
  }
}

/**
 * Merges an update: wherever `incoming` carries `***REDACTED***` at a secret path, the stored value is
 * kept, so clients can send back what they received. Throws {@link SecretMarkerError} for a marker with
 * nothing stored behind it.
 */
export function mergeSecretUpdate(
  stored: unknown,
  incoming: unknown,
  secretPaths: readonly string[],
): unknown {
  let merged = incoming;
  for (const path of secretPaths) {
    if (getAtPath(incoming, path) !== REDACTED_MARKER) continue;
    const kept = getAtPath(stored, path);
    if (kept === undefined || kept === REDACTED_MARKER) throw new SecretMarkerError(path);
    merged = updateAtPath(merged, path, () => kept);
  }
  return merged;
}
