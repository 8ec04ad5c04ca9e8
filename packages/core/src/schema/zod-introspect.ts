import type * as z from "zod";

/**
 * Read-only walks over zod 4 schemas, used to check provider definitions (secret paths exist, objects are
 * strict). Only the documented `_zod.def` fields are read.
 */

type AnySchema = z.core.$ZodType;

interface DefLike {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  shape?: Record<string, AnySchema>;
  catchall?: AnySchema;
  options?: AnySchema[];
  element?: AnySchema;
  getter?: () => AnySchema;
  left?: AnySchema;
  right?: AnySchema;
}

function defOf(schema: AnySchema): DefLike {
  return schema._zod.def as unknown as DefLike;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** Strips optional/nullable/default/readonly/catch wrappers, pipes (input side, or output after a preprocess) and lazy getters. */
export function unwrapSchema(schema: AnySchema): AnySchema {
  let current = schema;
  for (let guard = 0; guard < 64; guard++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    // A preprocess (`inferableUnion`) is a pipe whose input side is a transform: the schema is its output.
    else if (def.type === "pipe" && def.in)
      current = defOf(def.in).type === "transform" && def.out ? def.out : def.in;
    else if (def.type === "lazy" && def.getter) current = def.getter();
    else return current;
  }
  return current;
}

/** The alternatives of a union (discriminated or not), or of an intersection's two sides; else the schema itself. */
function branches(schema: AnySchema): AnySchema[] {
  const inner = unwrapSchema(schema);
  const def = defOf(inner);
  if (def.type === "union" && def.options) return def.options.flatMap(branches);
  if (def.type === "intersection" && def.left && def.right)
    return [...branches(def.left), ...branches(def.right)];
  return [inner];
}

/** Every schema found at a dot path, across all union branches (empty when the path exists nowhere). */
export function schemasAtPath(schema: AnySchema, path: string): AnySchema[] {
  let current: AnySchema[] = [schema];
  for (const key of path.split(".")) {
    const next: AnySchema[] = [];
    for (const candidate of current) {
      for (const branch of branches(candidate)) {
        const def = defOf(branch);
        const child = def.type === "object" ? def.shape?.[key] : undefined;
        if (child) next.push(child);
      }
    }
    if (next.length === 0) return [];
    current = next;
  }
  return current;
}

/**
 * The keys an object at `path` (issue path segments: keys and array indices) may have, across all union
 * branches; empty when no object is there.
 */
export function objectKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let current: AnySchema[] = [schema];
  for (const segment of path) {
    current = current.flatMap((candidate) =>
      branches(candidate).flatMap((branch) => {
        const def = defOf(branch);
        if (typeof segment === "number") return def.type === "array" && def.element ? [def.element] : [];
        const child = def.type === "object" ? def.shape?.[String(segment)] : undefined;
        return child ? [child] : [];
      }),
    );
  }
  const keys = current.flatMap((candidate) =>
    branches(candidate).flatMap((branch) => {
      const def = defOf(branch);
      return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
    }),
  );
  return [...new Set(keys)];
}

/**
 * Dot paths of every object in the schema that silently accepts unknown keys (zod's default `z.object`
 * strips them; `z.looseObject` passes them). The root is reported as `(root)`.
 */
export function nonStrictObjectPaths(schema: AnySchema): string[] {
  const found: string[] = [];
  const seen = new Set<AnySchema>();
  const visit = (node: AnySchema, path: string): void => {
    for (const branch of branches(node)) {
      if (seen.has(branch)) continue;
      seen.add(branch);
      const def = defOf(branch);
      if (def.type === "object") {
        const catchallType = def.catchall ? defOf(def.catchall).type : undefined;
        if (catchallType !== "never") found.push(path || "(root)");
        for (const [key, child] of Object.entries(def.shape ?? {}))
          visit(child, path ? `${path}.${key}` : key);
      } else if (def.type === "array" && def.element) {
        visit(def.element, `${path}[]`);
      }
    }
  };
  visit(schema, "");
  return found;
}
