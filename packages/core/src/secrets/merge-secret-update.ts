import { getAtPath, updateAtPath } from "../util/paths.js";
import { REDACTED_MARKER } from "./redact.js";

/** An update sent back the redaction marker for a secret that has no stored value to stand for. */
export class SecretMarkerError extends Error {
  override readonly name = "SecretMarkerError";
  /** The dot path of the field that carries the marker. */
  readonly path: string;

  constructor(path: string) {
    super(`${path}: "${REDACTED_MARKER}" stands for the stored secret, but none is stored; send the value.`);
    this.path = path;
  }
}

/**
 * Merges an update: wherever `incoming` carries `***REDACTED***` at a secret path, the stored value is
 * kept, so clients can send back what they received. A marker at a path that is not secret is left as it
 * is (validation reports it). Throws {@link SecretMarkerError} for a marker with nothing stored behind it.
 * Neither input is mutated.
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
    // A stored marker means the caller passed a redacted config as "stored": there is nothing to keep.
    if (kept === undefined || kept === REDACTED_MARKER) throw new SecretMarkerError(path);
    merged = updateAtPath(merged, path, () => kept);
  }
  return merged;
}
