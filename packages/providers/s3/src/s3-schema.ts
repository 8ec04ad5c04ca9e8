import { httpUrlSchema, inferableUnion } from "@plugboard/core";
import * as z from "zod";
import { accessKeyIdSchema, s3BucketSchema, s3PrefixSchema, secretAccessKeySchema } from "./s3-fields.js";

const sessionToken = () =>
  z.string().min(1).max(8_192).optional().meta({
    title: "Session token",
    description: "Only for temporary credentials (access key IDs starting with ASIA).",
  });

/** The role to assume: its ARN, the external ID its trust policy may require, the session name. */
const roleFields = {
  role_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
      message: "An IAM role ARN such as arn:aws:iam::123456789012:role/plugboard-reader.",
    })
    .meta({
      title: "Role ARN",
      description: "The IAM role to assume; its policy must allow listing the bucket.",
      examples: ["arn:aws:iam::123456789012:role/plugboard-reader"],
    }),
  external_id: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, { message: "2–1224 letters, digits or +=,.@:/-_." })
    .optional()
    .meta({
      title: "External ID",
      description: "The sts:ExternalId the role's trust policy requires, if any.",
    }),
  session_name: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, { message: "2–64 letters, digits or +=,.@-_." })
    .optional()
    .meta({
      title: "Session name",
      description: "Shown in CloudTrail for the assumed-role session. Default: plugboard.",
      examples: ["plugboard"],
    }),
};

const staticKeys = z
  .strictObject({
    type: z.literal("access_key").meta({ title: "Method", description: 'Always "access_key".' }),
    access_key_id: accessKeyIdSchema(),
    secret_access_key: secretAccessKeySchema(),
    session_token: sessionToken(),
  })
  .meta({ title: "Access key", description: "An IAM user's access key, or temporary credentials." });

const assumeRole = z
  .strictObject({
    type: z.literal("assume_role").meta({ title: "Method", description: 'Always "assume_role".' }),
    access_key_id: accessKeyIdSchema({ description: "The key that is allowed to assume the role." }),
    secret_access_key: secretAccessKeySchema(),
    session_token: sessionToken(),
    ...roleFields,
  })
  .meta({
    title: "Assume an IAM role",
    description: "Static keys that call sts:AssumeRole; the role's temporary credentials access the bucket.",
  });

const hostCredentials = z
  .strictObject({
    type: z.literal("ambient").meta({ title: "Method", description: 'Always "ambient".' }),
    role_arn: roleFields.role_arn.optional().meta({
      title: "Role ARN",
      description: "A role to assume with the host's identity; empty to use the host's identity itself.",
      examples: ["arn:aws:iam::123456789012:role/plugboard-reader"],
    }),
    external_id: roleFields.external_id,
    session_name: roleFields.session_name,
  })
  .meta({
    title: "Host credentials",
    description:
      "The identity of the server running the sync (instance profile, environment), optionally assuming a role. Only offered where the operator enabled it.",
  });

/** Every field of an S3 connection except `credentials`. */
const s3Fields = {
  bucket: s3BucketSchema(),
  region: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, {
      message:
        'A region code such as eu-west-1 (where the console shows "Europe (Ireland) eu-west-1", only eu-west-1).',
    })
    .meta({
      title: "Region",
      description:
        "The bucket's region (S3-compatible services: the region they sign with, often us-east-1).",
      examples: ["eu-west-1"],
    }),
  endpoint: httpUrlSchema()
    .optional()
    .meta({
      title: "Endpoint",
      description:
        "For S3-compatible services (MinIO, Ceph, Wasabi, R2…) or a VPC endpoint. Empty for Amazon S3.",
      examples: ["https://minio.example.com:9000"],
    }),
  force_path_style: z.boolean().default(false).meta({
    title: "Path-style addressing",
    description:
      "Send requests to endpoint/bucket/key instead of bucket.endpoint/key (most self-hosted servers).",
  }),
  prefix: s3PrefixSchema(),
};

/** The `provider_config` of an S3 connection. */
export const s3ConfigSchema = z.strictObject({
  ...s3Fields,
  credentials: inferableUnion("type", [staticKeys, assumeRole]).meta({
    title: "Credentials",
    description: "How requests to the bucket are signed.",
  }),
});

/** The parsed `provider_config` of an S3 connection. */
export type S3Config = z.output<typeof s3ConfigSchema>;

/**
 * The `s3` schema where the operator enabled host credentials (`createS3Provider({ ambientCredentials })`):
 * `credentials` may also be `{ type: "ambient" }`.
 */
export const s3AmbientConfigSchema = z.strictObject({
  ...s3Fields,
  credentials: inferableUnion("type", [staticKeys, assumeRole, hostCredentials]).meta({
    title: "Credentials",
    description: "How requests to the bucket are signed.",
  }),
});

/** The parsed `provider_config` of an S3 connection where host credentials are enabled. */
export type S3AmbientConfig = z.output<typeof s3AmbientConfigSchema>;
