import * as z from "zod";

/** Bucket names: S3's rules, loosened for legacy and S3-compatible names (upper case, underscores). */
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;
/**
 * A key prefix: no control characters, and no `.` or `..` path segment (URLs normalise those away, so such
 * keys cannot be addressed reliably). One pattern, so JSON Schema carries the same rule as zod.
 */
const KEY_PREFIX = /^(?!(?:.*\/)?\.{1,2}(?:\/|$))\P{Cc}*$/u;

/** What a bucket field says about itself, per service. */
export interface FieldText {
  title?: string;
  description?: string;
  examples?: string[];
}

/**
 * What consoles offer to copy instead of the name: an `s3://bucket/prefix` URI ("Copy S3 URI"), the bucket's
 * ARN, an https URL or the bucket's AWS host name. Lower case, as consoles write them (a JSON Schema pattern has
 * no flags).
 */
const BUCKET_REFERENCE = /^(?!(?:s3|https?):\/\/|arn:)(?!.*\.amazonaws\.com\/?$)/;

/** The `bucket` field shared by S3 and S3-compatible providers. */
export function s3BucketSchema(text: FieldText = {}): z.ZodString {
  return z
    .string()
    .regex(BUCKET_REFERENCE, {
      message:
        "Only the bucket's name: for s3://acme-reports/exports/ (or arn:aws:s3:::acme-reports) put acme-reports in bucket and exports/ in prefix.",
      abort: true,
    })
    .regex(BUCKET_NAME, { message: "A bucket name: 3–255 letters, digits, '.', '-' or '_'." })
    .meta({
      title: text.title ?? "Bucket",
      description: text.description ?? "The bucket the connection reads.",
      examples: text.examples ?? ["acme-reports"],
    });
}

/** The optional `prefix` field: only keys under it are listed (and the write probe lands under it). */
export function s3PrefixSchema(text: FieldText = {}): z.ZodOptional<z.ZodString> {
  return z
    .string()
    .max(1_024)
    .regex(KEY_PREFIX, { message: "Must not contain control characters or '.' / '..' path segments." })
    .optional()
    .meta({
      title: text.title ?? "Key prefix",
      description:
        text.description ??
        "Only objects whose key starts with this prefix are read, e.g. exports/. Empty for the whole bucket.",
      examples: text.examples ?? ["exports/"],
    });
}

/** An access key id: any non-blank token (AWS, Tigris `tid_…`, B2 key ids and MinIO users differ). */
export function accessKeyIdSchema(text: FieldText = {}): z.ZodString {
  return (
    z
      .string()
      .min(3)
      .max(256)
      .regex(/^\S+$/, { message: "Must not contain spaces.", abort: true })
      // SigV4 cannot carry these in a key ID; they are signs of a pasted CSV line or of the secret.
      .regex(/^[^,]+$/, {
        message:
          "Only the access key ID: the access key's .csv file holds the ID and the secret separated by a comma.",
        abort: true,
      })
      .regex(/^[^/]+$/, {
        message:
          "Must not contain '/': this looks like the secret access key, which goes in secret_access_key.",
      })
      .meta({
        title: text.title ?? "Access key ID",
        description:
          text.description ?? "The access key's ID (AWS: starts with AKIA, or ASIA when temporary).",
        examples: text.examples ?? ["AKIAIOSFODNN7EXAMPLE"],
      })
  );
}

/** A secret access key. */
export function secretAccessKeySchema(text: FieldText = {}): z.ZodString {
  return z
    .string()
    .min(1)
    .max(1_024)
    .regex(/^(?!(?:AKIA|ASIA)[A-Z0-9]{16}$)/, {
      message:
        "This is an access key ID (AKIA…/ASIA…), not its secret: the secret access key is the 40-character value shown with it.",
    })
    .meta({
      title: text.title ?? "Secret access key",
      description: text.description ?? "The secret half of the access key, shown once when it was created.",
    });
}
