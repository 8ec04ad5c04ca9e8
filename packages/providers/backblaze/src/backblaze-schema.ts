import { inferableUnion } from "@plugboard/core";
import { s3PrefixSchema } from "@plugboard/provider-s3";
import * as z from "zod";

const bucket = () =>
  z
    .string()
    // The b2 CLI's b2:// URIs, and the URLs the web UI shows for a bucket or a file.
    .regex(/^(?!(?:b2|s3|https?):\/\/)/, {
      message:
        "Only the bucket's name: for b2://acme-backups/exports/ put acme-backups in bucket and exports/ in prefix.",
      abort: true,
    })
    .regex(/^[A-Za-z0-9-]{6,63}$/, { message: "A B2 bucket name: 6–63 letters, digits or '-'." })
    .meta({
      title: "Bucket",
      description: "The B2 bucket the connection reads.",
      examples: ["acme-backups"],
    });

/**
 * `keyID`: any key for the native API; for the S3-compatible API not the master application key, which B2
 * refuses there. The master key's ID is the account ID, 12 hex digits; application keys have 25-character IDs
 * (a cluster number, the account ID, a serial number).
 */
const applicationKeyId = (api: "b2" | "s3") => {
  let id = z
    .string()
    .regex(/^\S+$/, {
      message:
        "Only the keyID: `b2 key create` prints the keyID and the applicationKey on one line; paste each into its field.",
      abort: true,
    })
    .regex(/^[A-Za-z0-9]{12,64}$/, {
      message: "An application key ID such as 0014aa9865d6f00000000000b.",
    });
  if (api === "s3") {
    id = id.regex(/^(?![0-9a-f]{12}$)/, {
      message:
        'This is the master application key (its ID is the account ID), which B2\'s S3-compatible API refuses: create an application key, or use api "b2".',
    });
  }
  return id.meta({
    title: "Application key ID",
    description: "keyID of an application key (Backblaze web UI: Application Keys).",
    examples: ["0014aa9865d6f00000000000b"],
  });
};

const credentials = (api: "b2" | "s3") =>
  z
    .strictObject({
      application_key_id: applicationKeyId(api),
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
      credentials: credentials("b2"),
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
        .regex(/^[a-z]{2}-[a-z]+-\d{3}$/, {
          message:
            "A B2 region such as us-west-004 (from the bucket's endpoint s3.us-west-004.backblazeb2.com, only us-west-004).",
        })
        .meta({
          title: "Region",
          description: "The bucket's region, shown as its S3 endpoint s3.<region>.backblazeb2.com.",
          examples: ["us-west-004"],
        }),
      prefix: s3PrefixSchema(),
      credentials: credentials("s3"),
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
