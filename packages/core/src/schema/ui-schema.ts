import type { JsonSchemaObject } from "./json-schema-targets.js";

/**
 * A react-jsonschema-form (RJSF) `uiSchema`: plain JSON, keyed like the data, with `ui:*` entries for the
 * field itself and `oneOf` / `anyOf` arrays holding one uiSchema per union branch. Built from the JSON
 * Schema alone, so nothing here depends on React.
 */
export type UiSchema = { [key: string]: unknown };

/** Shown under every secret input: why the field is blank when a saved connection is edited. */
export const SECRET_FIELD_HELP = "Kept secret: stored encrypted and never shown again.";

/**
 * Builds the RJSF `uiSchema` that goes with a config's JSON Schema (from `toConfigJsonSchema` or
 * `registry.jsonSchema`):
 *
 * - secret fields (`x-secret` / `format: "password"`) get `ui:widget: "password"`, `ui:autocomplete:
 *   "new-password"` (no saved login filled in) and {@link SECRET_FIELD_HELP};
 * - every object gets `ui:order`, its properties in schema order (then `*` for anything else);
 * - a string field's first example becomes its `ui:placeholder`; a non-secret field whose example spans
 *   lines (a PEM certificate) becomes a textarea;
 * - a field fixed to one value (`const`, the discriminator of a union branch) is hidden: the branch picker
 *   already chose it;
 * - each `oneOf` / `anyOf` branch gets its own uiSchema, so branches may order and dress fields differently;
 * - optional objects and arrays render behind an "add" button (RJSF's optional data controls) instead of
 *   being filled with the first branch's defaults.
 *
 * Titles, descriptions (shown by RJSF as help text under each label), defaults and enum labels need no
 * uiSchema: RJSF reads them from the JSON Schema itself.
 */
export function toUiSchema(jsonSchema: JsonSchemaObject): UiSchema {
  return {
    ...uiSchemaOf(jsonSchema),
    "ui:globalOptions": { enableOptionalDataFieldForType: ["object", "array"] },
  };
}

function uiSchemaOf(schema: JsonSchemaObject): UiSchema {
  const ui: UiSchema = {};
  for (const combinator of ["oneOf", "anyOf"] as const) {
    const branches = schema[combinator];
    // A list of constants is an enum with labels, rendered as one select: no branch needs a uiSchema.
    if (Array.isArray(branches) && !branches.every(isConstant)) {
      ui[combinator] = branches.map((branch) => (isSchemaObject(branch) ? uiSchemaOf(branch) : {}));
    }
  }

  const properties = schema.properties;
  if (isSchemaObject(properties)) {
    const keys = Object.keys(properties);
    ui["ui:order"] = [...keys, "*"];
    for (const key of keys) {
      const child = properties[key];
      if (!isSchemaObject(child)) continue;
      const childUi = uiSchemaOf(child);
      if (Object.keys(childUi).length > 0) ui[key] = childUi;
    }
  }

  if (isConstant(schema)) {
    ui["ui:widget"] = "hidden";
    return ui;
  }
  const secret = schema["x-secret"] === true || schema.format === "password";
  if (secret && hasType(schema, "string")) {
    ui["ui:widget"] = "password";
    // Stops browsers from filling a saved login password into a connection's secret.
    ui["ui:autocomplete"] = "new-password";
    ui["ui:help"] = SECRET_FIELD_HELP;
  }
  const example = firstExample(schema);
  if (
    example !== undefined &&
    (hasType(schema, "string") || hasType(schema, "number") || hasType(schema, "integer"))
  ) {
    ui["ui:placeholder"] = example.split("\n")[0];
    if (!secret && example.includes("\n")) ui["ui:widget"] = "textarea";
  }
  return ui;
}

function firstExample(schema: JsonSchemaObject): string | undefined {
  const examples = schema.examples;
  const first = Array.isArray(examples) ? examples[0] : undefined;
  return typeof first === "string" || typeof first === "number" ? String(first) : undefined;
}

function hasType(schema: JsonSchemaObject, type: string): boolean {
  return schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));
}

function isConstant(schema: unknown): boolean {
  return isSchemaObject(schema) && Object.hasOwn(schema, "const");
}

function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
