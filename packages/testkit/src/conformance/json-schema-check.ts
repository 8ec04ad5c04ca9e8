import type { JsonSchemaObject } from "@plugboard/core";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

type AddFormats = (ajv: Ajv | Ajv2020) => unknown;
// ajv-formats is CommonJS: Node hands over module.exports, whose `default` is the plugin.
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

/** The annotation keywords Plugboard adds to JSON Schemas; ajv's strict mode must know them. */
const PLUGBOARD_KEYWORDS = ["x-secret"];

/**
 * Compiles a JSON Schema exported by Plugboard with ajv in strict mode (so an unknown keyword or a
 * malformed schema fails), against the meta-schema of its dialect.
 */
export function compileJsonSchema(
  schema: JsonSchemaObject,
  target: "draft-2020-12" | "draft-07",
): ValidateFunction {
  const ajv =
    target === "draft-2020-12"
      ? new Ajv2020({ strict: true, allErrors: true })
      : new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("password", true);
  for (const keyword of PLUGBOARD_KEYWORDS) ajv.addKeyword(keyword);
  const metaValid = ajv.validateSchema(schema);
  if (!metaValid) throw new Error(`Schema is not valid ${target}: ${ajv.errorsText(ajv.errors)}`);
  return ajv.compile(schema);
}
