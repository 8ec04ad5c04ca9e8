import * as z from "zod";

/** Most keys a connection's metadata may have. */
export const MAX_METADATA_KEYS = 50;
/** Longest metadata key. */
export const MAX_METADATA_KEY_LENGTH = 64;
/** Longest metadata string value. */
export const MAX_METADATA_STRING_LENGTH = 500;

/** A metadata value: a short string, a finite number or a boolean. */
export type ConnectionMetadataValue = string | number | boolean;

/** A connection's own key-value data (labels, owners, cost centres); never interpreted by Plugboard. */
export type ConnectionMetadata = Record<string, ConnectionMetadataValue>;

/**
 * Metadata as a client may send it: at most 50 keys of 1–64 characters; values are strings of at most 500
 * characters, numbers or booleans. `maxProperties` is repeated in the metadata so JSON Schema carries it.
 * Built on first use, like the record schemas: listing providers never needs it.
 */
export const connectionMetadataSchema = z.lazy(() => metadataSchema());

let built: z.ZodType<ConnectionMetadata> | undefined;
function metadataSchema(): z.ZodType<ConnectionMetadata> {
  built ??= z
    .record(
      z.string().min(1).max(MAX_METADATA_KEY_LENGTH),
      z.union([z.string().max(MAX_METADATA_STRING_LENGTH), z.number(), z.boolean()]),
    )
    .refine((value) => Object.keys(value).length <= MAX_METADATA_KEYS, {
      message: `At most ${MAX_METADATA_KEYS} metadata keys are allowed.`,
    })
    .meta({
      title: "Metadata",
      description: `Your own key-value data: at most ${MAX_METADATA_KEYS} keys; values are text, numbers or booleans.`,
      maxProperties: MAX_METADATA_KEYS,
    });
  return built;
}
