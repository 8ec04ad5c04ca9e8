import type { JsonSchemaObject } from "@plugboard/core";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** The annotation keywords Plugboard adds to JSON Schemas; ajv's strict mode must know them. */
const PLUGBOARD_KEYWORDS = ["x-secret"];

/**
 * Compiles a JSON Schema exported by Plugboard with ajv in strict mode (so an unknown keyword or a
 * malformed schema fails), against the meta-schema of its dialect.
 */
export function compileJsonSchema(schema: JsonSchemaObject, target: "draft-2020-12" | "draft-07"): ValidateFunction {
  const ajv = target === "draft-2020-12" ? new Ajv2020({ strict: true, allErrors: true }) : new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("password", true);
  for (const keyword of PLUGBOARD_KEYWORDS) ajv.addKeyword(keyword);
  const metaValid = ajv.validateSchema(schema);
  if (!metaValid) throw new Error(`Schema is not valid ${target}: ${ajv.errorsText(ajv.errors)}`);
  return ajv.compile(schema);
}
