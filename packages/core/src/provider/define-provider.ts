import type * as z from "zod";
import { withCommonConfigFields } from "../schema/common-config-fields.js";
import { toConfigJsonSchema } from "../schema/json-schema.js";
import type { JsonSchemaOptions } from "../schema/json-schema-targets.js";
import { assertSecretPathsExist } from "../schema/secret-paths.js";
import { nonStrictObjectPaths } from "../schema/zod-introspect.js";
import { redactConfig } from "../secrets/index.js";
import { validateWithSchema } from "../validation/validate-config.js";
import { PROVIDER_BRAND } from "./provider-brand.js";
import { runProviderTest } from "./run-test.js";
import { type ConnectionProvider, PROVIDER_API_VERSION, type ProviderDefinition } from "./types.js";

const PROVIDER_TYPE = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Turns a provider author's definition into a {@link ConnectionProvider}. It checks the definition up
 * front (type syntax, secret paths exist in the schema, objects are strict so unknown keys are refused),
 * adds the fields every config accepts (an optional `description`, and `provider_type` repeating the type:
 * see {@link commonConfigFields}) and builds the `test()` every provider shares: validation, deadline and
 * abort, error categories, secret scrubbing, never throwing.
 *
 * @example
 * export default defineProvider({
 *   type: "example", displayName: "Example", description: "…", docsUrl: "https://…",
 *   configSchema: z.strictObject({ url: z.url(), token: z.string() }),
 *   secretFields: ["token"],
 *   async check(config, ctx) {
 *     const response = await ctx.step("authenticate", () => ctx.fetch(config.url, { signal: ctx.signal }));
 *     if (response.status === 401) throw new ProviderCheckError("auth_failed", "The token was refused.");
 *   },
 * });
 */
export function defineProvider<Schema extends z.ZodType>(
  definition: ProviderDefinition<Schema>,
): ConnectionProvider<Schema> {
  assertValidDefinition(definition);
  const { secretFields } = definition;
  const configSchema = withCommonConfigFields(definition.configSchema, definition.type);
  const validate = (input: unknown) => validateWithSchema(configSchema, input);
  const provider: ConnectionProvider<Schema> = {
    type: definition.type,
    displayName: definition.displayName,
    description: definition.description,
    docsUrl: definition.docsUrl,
    apiVersion: definition.apiVersion ?? PROVIDER_API_VERSION,
    secretFields: Object.freeze([...secretFields]),
    probes: Object.freeze({ ...(definition.probes ?? {}) }),
    ...(definition.minimalRoundTrips === undefined
      ? {}
      : { minimalRoundTrips: definition.minimalRoundTrips }),
    configSchema,
    validate,
    test: (input, options) => runProviderTest(definition, validate, input, options),
    redact: (config) => redactConfig(config, secretFields),
    jsonSchema: (options?: JsonSchemaOptions) => toConfigJsonSchema(configSchema, secretFields, options),
  };
  Object.defineProperty(provider, PROVIDER_BRAND, { value: true });
  return Object.freeze(provider);
}

function assertValidDefinition<Schema extends z.ZodType>(definition: ProviderDefinition<Schema>): void {
  const { type } = definition;
  if (typeof type !== "string" || !PROVIDER_TYPE.test(type)) {
    throw new TypeError(
      `Provider type "${String(type)}" must be snake_case: lower-case letters, digits and "_".`,
    );
  }
  for (const field of ["displayName", "description", "docsUrl"] as const) {
    if (typeof definition[field] !== "string" || definition[field].length === 0) {
      throw new TypeError(`Provider "${type}": ${field} is required.`);
    }
  }
  if (typeof definition.check !== "function") throw new TypeError(`Provider "${type}": check() is required.`);
  if (!definition.configSchema || typeof definition.configSchema.safeParse !== "function") {
    throw new TypeError(`Provider "${type}": configSchema must be a zod 4 schema.`);
  }
  assertSecretPathsExist(type, definition.configSchema, definition.secretFields);
  const loose = nonStrictObjectPaths(definition.configSchema);
  if (loose.length > 0) {
    throw new TypeError(
      `Provider "${type}": objects at ${loose.join(", ")} accept unknown keys; use z.strictObject() so typos are reported.`,
    );
  }
}
