import * as z from "zod";
import { ENUM_LABELS_KEYWORD } from "./fields.js";
import { relaxInferableUnions } from "./inferable-union.js";
import {
  isJsonSchemaTarget,
  JSON_SCHEMA_TARGETS,
  type JsonSchemaObject,
  type JsonSchemaOptions,
  type JsonSchemaTarget,
} from "./json-schema-targets.js";

/** Keywords added to every secret field so form builders render a password input and never echo it. */
export const SECRET_JSON_SCHEMA_KEYWORDS = { writeOnly: true, format: "password", "x-secret": true } as const;

const ZOD_TARGET: Record<JsonSchemaTarget, "draft-2020-12" | "draft-07" | "openapi-3.0"> = {
  "draft-2020-12": "draft-2020-12",
  "draft-07": "draft-07",
  "openapi-3.0": "openapi-3.0",
};

/**
 * Exports a config schema as JSON Schema with zod 4's own `z.toJSONSchema` (titles, descriptions,
 * examples and defaults come from `.meta()`; field order from the object shape), then marks every field
 * named in `secretFields` with {@link SECRET_JSON_SCHEMA_KEYWORDS}, in every union branch where it exists.
 * Unions made with `inferableUnion` make their discriminator optional where the other fields tell the branch.
 * Enums made with `labelledEnum` become `oneOf` lists of `{ const, title }`, the standard spelling of a
 * labelled choice that form builders (react-jsonschema-form among them) render as a select of labels.
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
  relaxInferableUnions(json);
  for (const path of secretFields) markSecret(json, path.split("."));
  // OpenAPI 3.0 has no `const`: there the labels stay as `x-enumNames`, the extension its generators read.
  if (target !== "openapi-3.0") labelledEnumsToTitledChoices(json);
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

/**
 * Rewrites every `{ enum, "x-enumNames" }` node (from `labelledEnum`) as `{ oneOf: [{ const, title }] }`.
 * Both accept exactly the same values; only the labels move to where JSON Schema tools look for them.
 */
function labelledEnumsToTitledChoices(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) labelledEnumsToTitledChoices(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const schemaNode = node as JsonSchemaObject;
  const values = schemaNode.enum;
  const labels = schemaNode[ENUM_LABELS_KEYWORD];
  if (Array.isArray(values) && Array.isArray(labels) && labels.length === values.length) {
    schemaNode.oneOf = values.map((value, index) => ({ const: value, title: String(labels[index]) }));
    delete schemaNode.enum;
    delete schemaNode[ENUM_LABELS_KEYWORD];
  }
  for (const child of Object.values(schemaNode)) labelledEnumsToTitledChoices(child);
}
