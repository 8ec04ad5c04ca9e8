import * as z from "zod";
import { connectionMetadataSchema } from "./connection-record.js";

/** What the request schema needs of each provider. */
export interface RequestSchemaProvider {
  type: string;
  displayName?: string;
  configSchema: z.ZodType;
}

// Control characters in a name break logs, CSV exports and terminals.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The seed's connection name: 1–100 characters after trimming, no control characters. */
export const connectionNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !CONTROL_CHARACTERS.test(name), { message: "Must not contain control characters." })
  .meta({ title: "Name", description: "Unique within the organization.", examples: ["Marketing bucket"] });

/**
 * The create-connection request (seed API): `name`, `provider_type`, the matching `provider_config`,
 * `description`, `metadata`, `test_before_save` (default true). `provider_config` is validated by the
 * schema of the provider named in `provider_type` (a discriminated union over every provider given).
 */
export function createConnectionRequestSchema(providers: readonly RequestSchemaProvider[]): z.ZodType {
  const common = {
    name: connectionNameSchema,
    description: z.string().max(500).optional().meta({ title: "Description" }),
    metadata: connectionMetadataSchema.optional(),
    test_before_save: z
      .boolean()
      .default(true)
      .meta({ title: "Test before saving", description: "Refuse to save a connection whose test fails." }),
  };
  const branches = providers.map((provider) =>
    z
      .strictObject({
        ...common,
        provider_type: z.literal(provider.type).meta({ title: "Provider" }),
        provider_config: provider.configSchema,
      })
      .meta({ title: provider.displayName ?? provider.type }),
  );
  if (branches.length === 0) {
    return z.strictObject({ ...common, provider_type: z.never(), provider_config: z.unknown() });
  }
  const known = providers.map((provider) => provider.type).join(", ");
  return z.discriminatedUnion(
    "provider_type",
    branches as unknown as [z.ZodObject<{ provider_type: z.ZodLiteral<string> }>],
    { error: () => `Unknown provider_type; use one of: ${known}.` },
  );
}
