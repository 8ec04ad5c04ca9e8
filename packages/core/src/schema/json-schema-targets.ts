// No zod here: the registry's entry point (`@plugboard/core/registry`) reads these without loading zod.

/** JSON Schema dialects the export can produce. */
export const JSON_SCHEMA_TARGETS = ["draft-2020-12", "draft-07", "openapi-3.0"] as const;

/** One of {@link JSON_SCHEMA_TARGETS}. */
export type JsonSchemaTarget = (typeof JSON_SCHEMA_TARGETS)[number];

/** A JSON Schema document (or OpenAPI 3.0 Schema Object). */
export type JsonSchemaObject = Record<string, unknown>;

/** Options of a JSON Schema export (`toConfigJsonSchema`, the registry's `jsonSchema()`). */
export interface JsonSchemaOptions {
  /** Dialect; `draft-2020-12` by default. */
  target?: JsonSchemaTarget;
  /**
   * `input` (default) describes what a user may submit: fields with defaults are optional, which is what
   * a form builder needs. `output` describes the parsed config.
   */
  io?: "input" | "output";
}

/** Whether `value` names a supported JSON Schema target. */
export function isJsonSchemaTarget(value: unknown): value is JsonSchemaTarget {
  return typeof value === "string" && (JSON_SCHEMA_TARGETS as readonly string[]).includes(value);
}
