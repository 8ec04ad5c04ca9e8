import { getAtPath, isPlainObject, updateAtPath } from "../util/paths.js";

/** What API responses and logs show in place of a secret value. */
export const REDACTED_MARKER = "***REDACTED***";

/** Nesting deeper than this inside a secret value is not searched for strings (configs are shallow). */
const MAX_SECRET_DEPTH = 16;

/**
 * A deep copy of `config` with every present secret (a field at one of `secretPaths`, whatever its type)
 * replaced by {@link REDACTED_MARKER}. Paths missing from this config (the other branch of a union) are
 * skipped. The input is never mutated, and the copy shares no object or array with it.
 */
export function redactConfig(config: unknown, secretPaths: readonly string[]): unknown {
  let redacted = copyPlainData(config);
  for (const path of secretPaths) {
    redacted = updateAtPath(redacted, path, (value) => (value === undefined ? value : REDACTED_MARKER));
  }
  return redacted;
}

/**
 * Every non-empty string found at the secret paths, deduplicated. A secret object or array contributes
 * all its string leaves; numbers and booleans are not collected (scrubbing "1" or "true" is meaningless).
 */
export function collectSecretValues(config: unknown, secretPaths: readonly string[]): string[] {
  const values = new Set<string>();
  const collect = (value: unknown, depth: number): void => {
    if (depth > MAX_SECRET_DEPTH) return;
    if (typeof value === "string") {
      if (value.length > 0 && value !== REDACTED_MARKER) values.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item, depth + 1);
    } else if (isPlainObject(value)) {
      for (const item of Object.values(value)) collect(item, depth + 1);
    }
  };
  for (const path of secretPaths) collect(getAtPath(config, path), 0);
  return [...values];
}

/**
 * Copies plain objects and arrays recursively (other values are kept as they are). Shared and cyclic
 * references are reproduced, not expanded.
 */
export function copyPlainData(value: unknown, copies = new Map<object, unknown>()): unknown {
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  const existing = copies.get(value);
  if (existing !== undefined) return existing;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(copyPlainData(item, copies));
    return copy;
  }
  const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  copies.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: copyPlainData(item, copies),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
