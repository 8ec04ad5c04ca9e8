import { getAtPath, isPlainObject, updateAtPath } from "../util/paths.js";

/** What API responses and logs show in place of a secret value. */
export const REDACTED_MARKER = "***REDACTED***";

/** A copy of `config` with every present secret replaced by {@link REDACTED_MARKER}; the input is not mutated. */
export function redactConfig(config: unknown, secretPaths: readonly string[]): unknown {
  let redacted = config;
  for (const path of secretPaths) {
    redacted = updateAtPath(redacted, path, (value) => (value === undefined ? value : REDACTED_MARKER));
  }
  return redacted;
}

/** Every string value found at the secret paths (a secret object contributes all its string leaves). */
export function collectSecretValues(config: unknown, secretPaths: readonly string[]): string[] {
  const values = new Set<string>();
  const collect = (value: unknown, depth: number): void => {
    if (depth > 16) return;
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
