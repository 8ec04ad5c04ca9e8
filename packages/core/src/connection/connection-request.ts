import * as z from "zod";
import { type ConnectionMetadata, connectionMetadataSchema } from "./metadata.js";

/** What the request schema needs of each provider (a `ConnectionProvider` fits). */
export interface RequestSchemaProvider {
  type: string;
  /** Used as the title of the provider's branch in JSON Schema; defaults to `type`. */
  displayName?: string;
  configSchema: z.ZodType;
}

/** Longest connection name. */
export const MAX_CONNECTION_NAME_LENGTH = 100;
/** Longest connection description. */
export const MAX_CONNECTION_DESCRIPTION_LENGTH = 500;

// Control characters (C0, DEL, C1) in a name break logs, CSV exports and terminals.
const CONTROL_CHARACTER = /\p{Cc}/u;

/** A connection name: trimmed, then 1–100 characters with no control characters. Built on first use. */
export const connectionNameSchema = z.lazy(() => {
  nameSchema ??= z
    .string()
    .trim()
    .min(1)
    .max(MAX_CONNECTION_NAME_LENGTH)
    .refine((name) => !CONTROL_CHARACTER.test(name), { message: "Must not contain control characters." })
    .meta({
      title: "Name",
      description: "Unique within the organization; you can use it instead of the connection id.",
      examples: ["Marketing bucket"],
    });
  return nameSchema;
});
let nameSchema: z.ZodString | undefined;

/** The fields shared by every provider's branch, as parsed. */
interface CommonFields {
  name: string;
  description?: string | undefined;
  metadata?: ConnectionMetadata | undefined;
  test_before_save: boolean;
}

/** A parsed create-connection request for one of the providers `P`. */
export type CreateConnectionRequest<P extends RequestSchemaProvider = RequestSchemaProvider> =
  P extends RequestSchemaProvider
    ? CommonFields & { provider_type: P["type"]; provider_config: z.output<P["configSchema"]> }
    : never;

/** A create-connection request as a client sends it (`test_before_save` may be left out). */
export type CreateConnectionRequestInput<P extends RequestSchemaProvider = RequestSchemaProvider> =
  P extends RequestSchemaProvider
    ? Omit<CommonFields, "test_before_save"> & {
        test_before_save?: boolean | undefined;
        provider_type: P["type"];
        provider_config: z.input<P["configSchema"]>;
      }
    : never;

/** The schema {@link createConnectionRequestSchema} returns. */
export type CreateConnectionRequestSchema<P extends RequestSchemaProvider = RequestSchemaProvider> =
  z.ZodType<CreateConnectionRequest<P>, CreateConnectionRequestInput<P>>;

/**
 * The seed's create-connection request: `name`, `provider_type`, the matching `provider_config`,
 * `description` (≤ 500), `metadata` and `test_before_save` (default true). It is a discriminated union on
 * `provider_type` with one strict branch per provider, so `provider_config` is validated by that
 * provider's schema and unknown keys are rejected; an unknown `provider_type` fails on `provider_type`
 * with a message listing the known ones. `z.toJSONSchema` works on it (one `oneOf` branch per provider).
 * Throws a `TypeError` when two providers share a type.
 */
export function createConnectionRequestSchema<const P extends RequestSchemaProvider>(
  providers: readonly P[],
): CreateConnectionRequestSchema<P> {
  const types = providers.map((provider) => provider.type);
  const duplicate = types.find((type, index) => types.indexOf(type) !== index);
  if (duplicate !== undefined) throw new TypeError(`Two providers have the type "${duplicate}".`);

  const known = types.length === 0 ? "none is registered" : `use one of: ${types.join(", ")}`;
  const unknownType = `Unknown provider_type; ${known}.`;
  const branches = providers.map((provider) =>
    z.strictObject(requestShape(z.literal(provider.type), provider.configSchema)).meta({
      title: provider.displayName ?? provider.type,
    }),
  );
  const [first, ...rest] = branches;
  const schema =
    first === undefined
      ? z.strictObject(requestShape(z.never({ error: unknownType }), z.unknown()))
      : z.discriminatedUnion("provider_type", [first, ...rest], {
          // Only the union's own "no branch has this provider_type" issue; inner issues keep their messages.
          error: (issue) => (issue.code === "invalid_union" ? unknownType : undefined),
        });
  return schema as unknown as CreateConnectionRequestSchema<P>;
}

// Field order is the order a form shows them in.
function requestShape<T extends z.ZodType, C extends z.ZodType>(providerType: T, providerConfig: C) {
  return {
    name: connectionNameSchema,
    provider_type: providerType.meta({
      title: "Provider",
      description: "The kind of connection (s3, rss, …).",
    }),
    provider_config: providerConfig,
    description: z
      .string()
      .max(MAX_CONNECTION_DESCRIPTION_LENGTH)
      .optional()
      .meta({ title: "Description", description: "What the connection is for." }),
    metadata: connectionMetadataSchema.optional(),
    test_before_save: z.boolean().default(true).meta({
      title: "Test before saving",
      description: "Test the connection first and refuse to save it if the test fails.",
    }),
  };
}
