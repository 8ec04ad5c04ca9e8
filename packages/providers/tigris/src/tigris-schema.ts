import {
  accessKeyIdSchema,
  s3BucketSchema,
  s3PrefixSchema,
  secretAccessKeySchema,
} from "@plugboard/provider-s3";
import * as z from "zod";

/**
 * Tigris's own S3 endpoints, as its dashboard and `fly storage create` (`AWS_ENDPOINT_URL_S3`) show them:
 * the global endpoint, and the one Tigris asks applications on Fly.io to use.
 */
export const TIGRIS_ENDPOINTS = ["https://t3.storage.dev", "https://fly.storage.tigris.dev"] as const;

/** The `provider_config` of a Tigris connection. */
export const tigrisConfigSchema = z.strictObject({
  bucket: s3BucketSchema({
    description: "The Tigris bucket the connection reads.",
    examples: ["acme-media"],
  }),
  prefix: s3PrefixSchema(),
  endpoint: z
    .string()
    .regex(/^https:\/\/(?:t3\.storage\.dev|fly\.storage\.tigris\.dev)\/?$/, {
      message:
        "Tigris's endpoint: https://t3.storage.dev (or https://fly.storage.tigris.dev on Fly.io); another S3-compatible service is an s3 connection with its endpoint.",
    })
    .optional()
    .meta({
      title: "Endpoint",
      description:
        "Tigris's S3 endpoint as the dashboard shows it (AWS_ENDPOINT_URL_S3). Empty for https://t3.storage.dev.",
      examples: [...TIGRIS_ENDPOINTS],
    }),
  region: z
    .literal("auto", {
      error: 'Tigris signs every request for region "auto"; leave region out or set "auto".',
    })
    .optional()
    .meta({ title: "Region", description: 'Always "auto" (AWS_REGION in the dashboard); may be left out.' }),
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
