import * as z from "zod";

/** JSON Schema dialects the export can produce. */
export const JSON_SCHEMA_TARGETS = ["draft-2020-12", "draft-07", "openapi-3.0"] as const;

/** One of {@link JSON_SCHEMA_TARGETS}. */
export type JsonSchemaTarget = (typeof JSON_SCHEMA_TARGETS)[number];

/** A JSON Schema document (or OpenAPI 3.0 Schema Object). */
export type JsonSchemaObject = Record<string, unknown>;

/** Options for {@link toConfigJsonSchema}. */
export interface JsonSchemaOptions {
  /** Dialect; `draft-2020-12` by default. */
  target?: JsonSchemaTarget;
  /**
   * `input` (default) describes what a user may submit: fields with defaults are optional, which is what
   * a form builder needs. `output` describes the parsed config.
   */
  io?: "input" | "output";
}

/** Keywords added to every secret field so form builders render a password input and never echo it. */
export const SECRET_JSON_SCHEMA_KEYWORDS = { writeOnly: true, format: "password", "x-secret": true } as const;

const ZOD_TARGET: Record<JsonSchemaTarget, "draft-2020-12" | "draft-07" | "openapi-3.0"> = {
  "draft-2020-12": "draft-2020-12",
  "draft-07": "draft-07",
  "openapi-3.0": "openapi-3.0",
};

/** Whether `value` names a supported JSON Schema target. */
export function isJsonSchemaTarget(value: unknown): value is JsonSchemaTarget {
  return typeof value === "string" && (JSON_SCHEMA_TARGETS as readonly string[]).includes(value);
}

/**
 * Exports a config schema as JSON Schema with zod 4's own `z.toJSONSchema` (titles, descriptions,
 * examples and defaults come from `.meta()`; field order from the object shape), then marks every field
 * named in `secretFields` with {@link SECRET_JSON_SCHEMA_KEYWORDS}, in every union branch where it exists.
 */
export function toConfigJsonSchema(
  schema: z.core.$ZodType,
  secretFields: readonly string[],
  options: JsonSchemaOptions = {},
): JsonSchemaObject {
  const target = options.target ?? "draft-2020-12";
  if (!isJsonSchemaTarget(target)) {
    throw new TypeError(
      `Unknown JSON Schema target "${String(target)}"; use one of ${JSON_SCHEMA_TARGETS.join(", ")}.`,
    );
  }
  const json = z.toJSONSchema(schema, {
    target: ZOD_TARGET[target],
    io: options.io ?? "input",
  }) as JsonSchemaObject;
  for (const path of secretFields) markSecret(json, path.split("."));
  return json;
}

/** Adds the secret keywords to every node reached by `keys`, descending into combinators. */
function markSecret(node: unknown, keys: readonly string[]): void {
  if (typeof node !== "object" || node === null) return;
  const schemaNode = node as JsonSchemaObject;
  for (const combinator of ["oneOf", "anyOf", "allOf"] as const) {
    const alternatives = schemaNode[combinator];
    if (Array.isArray(alternatives)) for (const alternative of alternatives) markSecret(alternative, keys);
  }
  if (keys.length === 0) {
    // `format: "password"` is a string format (ajv's strict mode refuses it elsewhere); an object or array of
    // secrets, such as a map of secret headers, is still write-only and marked.
    const isString =
      schemaNode.type === "string" || (Array.isArray(schemaNode.type) && schemaNode.type.includes("string"));
    if (isString) Object.assign(schemaNode, SECRET_JSON_SCHEMA_KEYWORDS);
    else if (schemaNode.type !== undefined) Object.assign(schemaNode, { writeOnly: true, "x-secret": true });
    return;
  }
  const [head, ...rest] = keys as [string, ...string[]];
  const properties = schemaNode.properties;
  if (typeof properties === "object" && properties !== null && Object.hasOwn(properties, head)) {
    markSecret((properties as JsonSchemaObject)[head], rest);
  }
}
