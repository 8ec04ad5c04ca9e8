import { httpUrlSchema, inferableUnion } from "@plugboard/core";
import * as z from "zod";

const OBJECT_NAME = /^[^\0"]{1,255}$/;

/** A PEM private key header snowflake-sdk takes: PKCS#8, encrypted PKCS#8, or PKCS#1 (`openssl genrsa`). */
const KEY_KINDS = "(?:ENCRYPTED |RSA )?PRIVATE KEY";

/**
 * The private key as snowflake-sdk takes it, checked in steps so each mistake gets its own sentence: the public
 * key instead of the private one, another kind of key, a key cut off. Patterns only, so the JSON Schema checks
 * the same. Line breaks escaped as `\n` or lost (a form's password input drops them) are repaired by the check
 * (`repairPem`), as for every provider that takes a PEM.
 */
const privateKeySchema = z
  .string()
  .min(1)
  .max(16_384)
  .regex(/^(?!\s*-----BEGIN (?:RSA )?PUBLIC KEY-----)/, {
    message:
      "This is the public key, which is set on the user (RSA_PUBLIC_KEY): paste the private key (rsa_key.p8) instead.",
    abort: true,
  })
  .regex(new RegExp(`^\\s*-----BEGIN ${KEY_KINDS}-----`), {
    message:
      "Must be an RSA private key in PEM: -----BEGIN PRIVATE KEY----- (PKCS#8, openssl pkcs8 -topk8), -----BEGIN ENCRYPTED PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----.",
    abort: true,
  })
  .regex(new RegExp(`^\\s*-----BEGIN (${KEY_KINDS})-----[\\s\\S]*-----END \\1-----(?:\\s|\\\\r|\\\\n)*$`), {
    message: "The PEM is cut off: it must end with the -----END …----- line that matches its BEGIN line.",
  })
  .meta({
    title: "Private key (PEM)",
    description:
      "The private key whose public half is set on the user (RSA_PUBLIC_KEY): PKCS#8 (rsa_key.p8), encrypted PKCS#8, or PKCS#1.",
  });

/** An encrypted key: encrypted PKCS#8, or PKCS#1 with OpenSSL's `Proc-Type: 4,ENCRYPTED` header. */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

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
      private_key: privateKeySchema,
      private_key_passphrase: z
        .string()
        .min(1)
        .max(1_024)
        .optional()
        .meta({ title: "Private key passphrase", description: "Only when the private key is encrypted." }),
    })
    // Cross-field, so zod only (the JSON Schema accepts such a key; the SDK could not open it).
    .superRefine((auth, ctx) => {
      if (auth.private_key_passphrase === undefined && ENCRYPTED_KEY.test(auth.private_key))
        ctx.addIssue({
          code: "custom",
          path: ["private_key_passphrase"],
          message: "Required: the private key is encrypted; give the passphrase it was encrypted with.",
        });
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
    // The account URL Snowsight shows (Account details, Connect a tool), or a Snowsight address.
    .regex(/^(?![A-Za-z]+:\/\/)(?![\s\S]*\.snowflakecomputing\.com\/?$)(?![\s\S]*app\.snowflake\.com)/, {
      message:
        "Only the account identifier, without https:// or .snowflakecomputing.com: for https://myorg-myaccount.snowflakecomputing.com, myorg-myaccount.",
      abort: true,
    })
    // orgname.account_name is the identifier for data sharing; signing in takes the hyphen. (A locator's
    // region always has a hyphen: xy12345.eu-west-1; xy12345.privatelink is a locator too.)
    .regex(/^(?![A-Za-z][A-Za-z0-9]*\.(?!privatelink$)[A-Za-z_][A-Za-z0-9_]*$)/, {
      message:
        "This is the data sharing identifier (orgname.account_name): to sign in, write it with a hyphen, orgname-account_name.",
      abort: true,
    })
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
