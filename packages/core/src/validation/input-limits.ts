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

/** A node waiting to be visited: its value and where it sits (the path is built only for an issue). */
interface PendingNode {
  value: unknown;
  key: string | number | undefined;
  parent: PendingNode | undefined;
  depth: number;
}

function pathOf(node: PendingNode): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: PendingNode | undefined = node; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * Walks `input` once and returns the first structural problem, or `undefined` when it is within limits. Runs
 * before every validation (every test, every API request), so a node records its parent rather than a copy of
 * its path.
 */
export function findInputLimitIssue(
  input: unknown,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): InputLimitIssue | undefined {
  let nodes = 0;
  const stack: PendingNode[] = [{ value: input, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const node = stack.pop() as PendingNode;
    const { value } = node;
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
          path: pathOf(node),
          code: "string_too_long",
          message: `Must be at most ${limits.maxStringLength} characters.`,
        };
      }
      continue;
    }
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      return {
        path: pathOf(node),
        code: "unsupported_value",
        message: `A ${typeof value} is not a valid configuration value.`,
      };
    }
    if (typeof value !== "object" || value === null) continue;
    if (node.depth >= limits.maxDepth) {
      return {
        path: pathOf(node),
        code: "too_deep",
        message: `Nested deeper than ${limits.maxDepth} levels.`,
      };
    }
    const depth = node.depth + 1;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        stack.push({ value: item, key: index, parent: node, depth });
      });
      continue;
    }
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === "symbol") continue;
      if (FORBIDDEN_KEYS.has(key)) {
        return {
          path: [...pathOf(node), key],
          code: "forbidden_key",
          message: `The key "${key}" is not allowed.`,
        };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], key, parent: node, depth });
    }
  }
  return undefined;
}
