/**
 * Structural limits checked before zod sees an input. zod would reject most of these anyway, but only
 * after walking them: a 50 MB string or a 10,000-level nesting is refused here at once, and prototype keys
 * never reach code that might merge them into an object.
 */
export interface InputLimits {
  /** Longest string accepted anywhere in a config (a PEM key or a service-account JSON fits easily). */
  maxStringLength: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most keys plus array items in the whole input. */
  maxNodes: number;
}

/** Defaults for {@link InputLimits}. */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxStringLength: 65_536, maxDepth: 32, maxNodes: 10_000 };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** A structural problem found in an input, with the dot path where it was found. */
export interface InputLimitIssue {
  path: (string | number)[];
  code: "forbidden_key" | "string_too_long" | "too_deep" | "too_large" | "unsupported_value";
  message: string;
}

/** Walks `input` once and returns the first structural problem, or `undefined` when it is within limits. */
export function findInputLimitIssue(
  input: unknown,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): InputLimitIssue | undefined {
  let nodes = 0;
  const stack: Array<{ value: unknown; path: (string | number)[] }> = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (++nodes > limits.maxNodes) {
      return {
        path: [],
        code: "too_large",
        message: `The input has more than ${limits.maxNodes} fields and items.`,
      };
    }
    if (typeof value === "string") {
      if (value.length > limits.maxStringLength) {
        return {
          path,
          code: "string_too_long",
          message: `Must be at most ${limits.maxStringLength} characters.`,
        };
      }
      continue;
    }
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      return {
        path,
        code: "unsupported_value",
        message: `A ${typeof value} is not a valid configuration value.`,
      };
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= limits.maxDepth) {
      return { path, code: "too_deep", message: `Nested deeper than ${limits.maxDepth} levels.` };
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        stack.push({ value: item, path: [...path, index] });
      });
      continue;
    }
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === "symbol") continue;
      if (FORBIDDEN_KEYS.has(key)) {
        return { path: [...path, key], code: "forbidden_key", message: `The key "${key}" is not allowed.` };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}
