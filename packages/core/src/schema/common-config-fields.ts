import * as z from "zod";
import { inferableUnion, inferableUnionParts } from "./inferable-union.js";

/** The longest `provider_config.description` accepted (the seed API's limit for a connection's description). */
export const CONFIG_DESCRIPTION_MAX_LENGTH = 500;

/**
 * The fields every provider's config accepts besides its own. The seed API's examples send both inside
 * `provider_config`: a note for people, and the provider's type repeated (which must then be right).
 */
export function commonConfigFields(type: string) {
  return {
    description: z.string().max(CONFIG_DESCRIPTION_MAX_LENGTH).optional().meta({
      title: "Description",
      description: "A note about this configuration, for people; not used to connect.",
    }),
    provider_type: z
      .literal(type, { error: `Must be "${type}", this provider's type, or be left out.` })
      .optional()
      .meta({
        title: "Provider type",
        description: `"${type}" when given; it only repeats the connection's type.`,
      }),
  };
}

type AnySchema = z.core.$ZodType;

/**
 * Adds {@link commonConfigFields} to a provider's config schema: to the object itself, or to every branch of a
 * top-level union. Titles, descriptions, refinements and strictness stay; a field the provider defines itself
 * (its own `description`, say) is left as the provider wrote it.
 */
export function withCommonConfigFields<Schema extends AnySchema>(schema: Schema, type: string): Schema {
  return extendSchema(schema, commonConfigFields(type), type) as Schema;
}

function extendSchema(schema: AnySchema, fields: z.ZodRawShape, type: string): AnySchema {
  const inferable = inferableUnionParts(schema);
  let extended: AnySchema;
  if (inferable) {
    const options = inferable.options.map((option) => extendSchema(option, fields, type));
    extended = inferableUnion(inferable.discriminator, options as [never, ...never[]]);
  } else if (schema instanceof z.ZodObject) {
    const missing = Object.fromEntries(Object.entries(fields).filter(([key]) => !(key in schema.shape)));
    extended = schema.safeExtend(missing);
  } else if (schema instanceof z.ZodUnion && !(schema._zod.def.checks?.length ?? 0)) {
    const options = schema.options.map((option) => extendSchema(option, fields, type)) as [
      AnySchema,
      ...AnySchema[],
    ];
    const discriminator = (schema._zod.def as { discriminator?: string }).discriminator;
    extended =
      discriminator === undefined
        ? z.union(options)
        : z.discriminatedUnion(discriminator, options as unknown as [z.ZodObject, ...z.ZodObject[]]);
  } else {
    throw new TypeError(
      `Provider "${type}": configSchema must be an object schema or a union of object schemas (without refinements on the union).`,
    );
  }
  // Derived schemas start without metadata: carry the title, description and examples over.
  const meta = z.globalRegistry.get(schema);
  return meta ? (extended as z.ZodType).meta(meta) : extended;
}
