import {
  accessKeyIdSchema,
  s3BucketSchema,
  s3PrefixSchema,
  secretAccessKeySchema,
} from "@plugboard/provider-s3";
import * as z from "zod";

/** The `provider_config` of a Tigris connection. */
export const tigrisConfigSchema = z.strictObject({
  bucket: s3BucketSchema({
    description: "The Tigris bucket the connection reads.",
    examples: ["acme-media"],
  }),
  prefix: s3PrefixSchema(),
  credentials: z
    .strictObject({
      access_key_id: accessKeyIdSchema({
        description: "From the Tigris dashboard: Access Keys (starts with tid_).",
        examples: ["tid_AbCdEfGhIjKlMnOpQrSt"],
      }),
      secret_access_key: secretAccessKeySchema({
        description: "Shown once when the key is created (tsec_…).",
      }),
    })
    .meta({
      title: "Access key",
      description: "A Tigris access key with Read-only (or Editor) access to the bucket.",
    }),
});

/** The parsed `provider_config` of a Tigris connection. */
export type TigrisConfig = z.output<typeof tigrisConfigSchema>;
