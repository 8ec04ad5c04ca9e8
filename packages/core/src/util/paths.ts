/** Helpers for the dot paths (`credentials.secret_access_key`) that name fields inside a config. */

/** Splits a dot path into its keys. */
export function splitPath(path: string): string[] {
  return path.split(".");
}

/** Reads the value at a dot path, or `undefined` when any step is missing or not an object. */
export function getAtPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of splitPath(path)) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * Returns a copy of `value` with the field at `path` replaced by `replace(old)`; objects on the way are
 * shallow-copied, so the input is never mutated. A path that does not exist leaves the copy unchanged.
 */
export function updateAtPath(value: unknown, path: string, replace: (old: unknown) => unknown): unknown {
  const [head, ...rest] = splitPath(path);
  if (head === undefined || !isPlainObject(value) || !Object.hasOwn(value, head)) return value;
  const next = rest.length === 0 ? replace(value[head]) : updateAtPath(value[head], rest.join("."), replace);
  return { ...value, [head]: next };
}

/** Whether `value` is a plain (JSON-like) object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
