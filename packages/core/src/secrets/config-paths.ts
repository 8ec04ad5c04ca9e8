import { isPlainObject, splitPath } from "../util/paths.js";

/**
 * A copy of `value` with `replacement` at `path`, creating the plain objects on the way that are missing.
 * Objects on the way are shallow-copied (the input is never mutated); a step that exists but is not a
 * plain object leaves the copy unchanged, since the field cannot be placed there.
 */
export function setAtPath(value: unknown, path: string, replacement: unknown): unknown {
  return setAtKeys(value, splitPath(path), replacement);
}

function setAtKeys(value: unknown, keys: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = keys;
  if (head === undefined) return replacement;
  if (value !== undefined && !isPlainObject(value)) return value;
  const object = value ?? {};
  const current = Object.hasOwn(object, head) ? object[head] : undefined;
  const copy: Record<string, unknown> = { ...object };
  Object.defineProperty(copy, head, {
    value: setAtKeys(current, rest, replacement),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}
