import { inferableUnion } from "@plugboard/core";
import { s3PrefixSchema } from "@plugboard/provider-s3";
import * as z from "zod";

const bucket = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9-]{6,63}$/, { message: "A B2 bucket name: 6–63 letters, digits or '-'." })
    .meta({
      title: "Bucket",
      description: "The B2 bucket the connection reads.",
      examples: ["acme-backups"],
    });

const credentials = () =>
  z
    .strictObject({
      application_key_id: z
        .string()
        .regex(/^[A-Za-z0-9]{12,64}$/, {
          message: "An application key ID such as 0014aa9865d6f00000000000b.",
        })
        .meta({
          title: "Application key ID",
          description: "keyID of an application key (Backblaze web UI: Application Keys).",
          examples: ["0014aa9865d6f00000000000b"],
        }),
      application_key: z
        .string()
        .min(10)
        .max(256)
        .regex(/^\S+$/, { message: "Must not contain spaces." })
        .meta({ title: "Application key", description: "Shown once when the key is created." }),
    })
    .meta({
      title: "Application key",
      description: "An application key with listBuckets and listFiles on the bucket.",
    });

/** The `provider_config` of a Backblaze B2 connection: the native B2 API or the S3-compatible API. */
export const backblazeConfigSchema = inferableUnion("api", [
  z
    .strictObject({
      api: z.literal("b2").meta({ title: "API", description: 'Always "b2".' }),
      bucket: bucket(),
      prefix: s3PrefixSchema(),
      credentials: credentials(),
    })
    .meta({
      title: "B2 native API",
      description: "b2_authorize_account, then b2_list_buckets; the key's restrictions are checked.",
    }),
  z
    .strictObject({
      api: z.literal("s3").meta({ title: "API", description: 'Always "s3".' }),
      bucket: bucket(),
      region: z
        .string()
        .regex(/^[a-z]{2}-[a-z]+-\d{3}$/, { message: "A B2 region such as us-west-004." })
        .meta({
          title: "Region",
          description: "The bucket's region, shown as its S3 endpoint s3.<region>.backblazeb2.com.",
          examples: ["us-west-004"],
        }),
      prefix: s3PrefixSchema(),
      credentials: credentials(),
    })
    .meta({
      title: "S3-compatible API",
      description:
        "ListObjectsV2 on s3.<region>.backblazeb2.com. The master application key does not work here.",
    }),
]).meta({ title: "Backblaze B2" });

/** The parsed `provider_config` of a Backblaze B2 connection. */
export type BackblazeConfig = z.output<typeof backblazeConfigSchema>;
/** The config of the native-API branch. */
export type BackblazeNativeConfig = Extract<BackblazeConfig, { api: "b2" }>;
/** The config of the S3-compatible branch. */
export type BackblazeS3Config = Extract<BackblazeConfig, { api: "s3" }>;
