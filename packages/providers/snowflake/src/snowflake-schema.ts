import { httpUrlSchema, inferableUnion } from "@plugboard/core";
import * as z from "zod";

const OBJECT_NAME = /^[^\0"]{1,255}$/;

const authSchema = inferableUnion("type", [
  z
    .strictObject({
      type: z.literal("password").meta({ title: "Method", description: 'Always "password".' }),
      password: z
        .string()
        .min(1)
        .max(1_024)
        .meta({ title: "Password", description: "The user's password (accounts without MFA)." }),
    })
    .meta({ title: "Password" }),
  z
    .strictObject({
      type: z.literal("key_pair").meta({ title: "Method", description: 'Always "key_pair".' }),
      private_key: z
        .string()
        .min(1)
        .max(16_384)
        .regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, { message: "Must be a PEM private key." })
        .meta({
          title: "Private key (PEM)",
          description: "The PKCS#8 private key whose public half is set on the user (RSA_PUBLIC_KEY).",
        }),
      private_key_passphrase: z
        .string()
        .min(1)
        .max(1_024)
        .optional()
        .meta({ title: "Private key passphrase", description: "Only when the private key is encrypted." }),
    })
    .meta({ title: "Key pair" }),
  z
    .strictObject({
      type: z.literal("oauth").meta({ title: "Method", description: 'Always "oauth".' }),
      token: z.string().min(1).max(16_384).meta({
        title: "OAuth access token",
        description:
          "An access token from Snowflake OAuth or an external OAuth server; not refreshed by a test.",
      }),
    })
    .meta({ title: "OAuth token" }),
  z
    .strictObject({
      type: z
        .literal("programmatic_access_token")
        .meta({ title: "Method", description: 'Always "programmatic_access_token".' }),
      token: z.string().min(1).max(16_384).meta({
        title: "Programmatic access token",
        description:
          "A token generated for the user in Snowsight (ALTER USER … ADD PROGRAMMATIC ACCESS TOKEN).",
      }),
    })
    .meta({ title: "Programmatic access token" }),
]).meta({ title: "Authentication", description: "How the user signs in." });

/** The `provider_config` of a Snowflake connection. */
export const snowflakeConfigSchema = z.strictObject({
  account: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, {
      message: "An account identifier such as myorg-myaccount or xy12345.eu-west-1.",
    })
    .meta({
      title: "Account identifier",
      description: "The organization-account name, or the legacy account locator with its region.",
      examples: ["myorg-myaccount"],
    }),
  username: z
    .string()
    .regex(OBJECT_NAME)
    .meta({
      title: "User",
      description: "The Snowflake user to sign in as.",
      examples: ["PLUGBOARD_READER"],
    }),
  auth: authSchema,
  warehouse: z
    .string()
    .regex(OBJECT_NAME)
    .optional()
    .meta({ title: "Warehouse", description: "Checked to be usable by the role." }),
  database: z
    .string()
    .regex(OBJECT_NAME)
    .optional()
    .meta({
      title: "Database",
      description: "The default database; checked to be visible to the role.",
      examples: ["ANALYTICS"],
    }),
  schema: z
    .string()
    .regex(OBJECT_NAME)
    .optional()
    .meta({
      title: "Schema",
      description: "The default schema; checked to be visible to the role.",
      examples: ["PUBLIC"],
    }),
  role: z
    .string()
    .regex(OBJECT_NAME)
    .optional()
    .meta({ title: "Role", description: "Defaults to the user's default role." }),
  access_url: httpUrlSchema().optional().meta({
    title: "Access URL",
    description:
      "For private connectivity (PrivateLink); defaults to https://<account>.snowflakecomputing.com.",
  }),
});

/** A validated Snowflake config. */
export type SnowflakeConfig = z.output<typeof snowflakeConfigSchema>;
