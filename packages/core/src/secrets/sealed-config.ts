import { getAtPath, isPlainObject } from "../util/paths.js";
import { setAtPath } from "./config-paths.js";
import { SecretMarkerError } from "./merge-secret-update.js";
import { REDACTED_MARKER, redactConfig } from "./redact.js";
import { openSecrets, type SealContext, SecretSealError, sealSecrets } from "./seal.js";

/** A config split for storage: the non-secret part in the clear, the secrets in one sealed envelope. */
export interface SealedConfig {
  /** The config with each present secret replaced by `***REDACTED***` (safe to store, index and return). */
  config: unknown;
  /** The secret values, by path, sealed with {@link sealSecrets}. */
  sealed: string;
}

/**
 * Splits a config into its redacted form and one sealed envelope holding the value at each secret path
 * that is present. Neither part shares objects with the input, which is never mutated.
 */
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

/**
 * Puts the sealed secrets back into the stored config. Every sealed path is restored (also one that is no
 * longer in `secretPaths`, so nothing is lost when a field stops being secret). Throws
 * {@link SecretSealError} when the envelope cannot be opened, and {@link SecretMarkerError} when a secret
 * path still holds the marker but the envelope has no value for it (the stored row is inconsistent; a
 * config carrying the marker as its password would fail in confusing ways).
 */
export function unsealConfig(
  stored: SealedConfig,
  secretPaths: readonly string[],
  context: SealContext,
): unknown {
  const secrets = openSecrets(stored.sealed, context);
  if (!isPlainObject(secrets)) {
    throw new SecretSealError("malformed", "The envelope does not hold sealed config secrets.");
  }
  let config = stored.config;
  for (const [path, value] of Object.entries(secrets)) config = setAtPath(config, path, value);
  for (const path of secretPaths) {
    if (getAtPath(config, path) === REDACTED_MARKER) throw new SecretMarkerError(path);
  }
  return config;
}
