/** Limits of {@link scrubStructure}: how deep and how wide a value is copied before it is cut. */
export interface ScrubStructureLimits {
  maxDepth: number;
  maxEntries: number;
}

const DEFAULT_LIMITS: ScrubStructureLimits = { maxDepth: 32, maxEntries: 1_000 };

/**
 * A JSON-friendly deep copy of `value` with every string (keys included) passed through `scrubText`.
 * Errors become plain objects (`name`, `message`, own fields, `cause`, `errors`; no stack), binary data is
 * dropped (it cannot be scrubbed), cycles become `"[Circular]"`, and throwing getters or proxies become
 * `"[Unreadable]"`. The input is never mutated.
 */
export function scrubStructure(
  value: unknown,
  scrubText: (text: string) => string,
  limits: ScrubStructureLimits = DEFAULT_LIMITS,
): unknown {
  const ancestors = new Set<object>();

  const walk = (current: unknown, depth: number): unknown => {
    switch (typeof current) {
      case "string":
        return scrubText(current);
      case "symbol":
        return scrubText(current.toString());
      case "function":
        return "[Function]";
      case "object":
        break;
      default:
        return current;
    }
    if (current === null) return null;
    // Only ancestors count as cycles: the same object reached twice through siblings is copied twice.
    if (ancestors.has(current)) return "[Circular]";
    if (depth >= limits.maxDepth) return "[Truncated]";
    ancestors.add(current);
    try {
      return copyObject(current, (item) => walk(item, depth + 1));
    } catch {
      return "[Unreadable]";
    } finally {
      ancestors.delete(current);
    }
  };

  const copyObject = (object: object, walkChild: (item: unknown) => unknown): unknown => {
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString();
    if (object instanceof URL || object instanceof RegExp) return scrubText(String(object));
    if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return "[binary]";
    if (Array.isArray(object) || object instanceof Set) return copyList([...object], walkChild);
    if (object instanceof Map) return copyList([...object.entries()], walkChild);
    const copy: Record<string, unknown> = {};
    if (object instanceof Error) {
      copy.name = scrubText(String(object.name));
      copy.message = scrubText(String(object.message));
    }
    const keys = Object.keys(object);
    for (const key of keys.slice(0, limits.maxEntries)) {
      if (object instanceof Error && key === "stack") continue;
      define(copy, scrubText(key), readSafely(object, key, walkChild));
    }
    if (keys.length > limits.maxEntries) define(copy, "…", `${keys.length - limits.maxEntries} more`);
    if (object instanceof Error) {
      // `cause` and AggregateError's `errors` are not enumerable but carry the real reason.
      for (const key of ["cause", "errors"] as const) {
        if (Object.hasOwn(object, key) && !Object.hasOwn(copy, key)) {
          define(copy, key, readSafely(object, key, walkChild));
        }
      }
    }
    return copy;
  };

  const copyList = (items: unknown[], walkChild: (item: unknown) => unknown): unknown[] => {
    const copy = items.slice(0, limits.maxEntries).map(walkChild);
    if (items.length > limits.maxEntries) copy.push(`… ${items.length - limits.maxEntries} more`);
    return copy;
  };

  return walk(value, 0);
}

function readSafely(object: object, key: string, walkChild: (item: unknown) => unknown): unknown {
  try {
    return walkChild((object as Record<string, unknown>)[key]);
  } catch {
    return "[Unreadable]";
  }
}

/** Sets a key with `defineProperty`, so a key such as `__proto__` is data and never a prototype change. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
