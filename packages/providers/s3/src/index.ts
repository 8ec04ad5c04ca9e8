/**
 * @plugboard/provider-s3 — the `s3` provider, and the S3-compatible factory that `tigris`, `backblaze` and
 * third-party S3-compatible providers build on.
 *
 * @packageDocumentation
 */

export type { AwsCredentials } from "./aws-sdk.js";
export { checkS3Connection, probeKey, type S3ConnectionSettings } from "./s3-bucket-check.js";
export {
  createS3CompatibleProvider,
  DEFAULT_SESSION_NAME,
  locationFromConfig,
  roleFromConfig,
  S3_WRITE_PROBE,
  type S3CompatibleConfig,
  type S3CompatibleDefaults,
  type S3CompatibleProviderOptions,
  s3CompatibleCheck,
  settingsFromConfig,
} from "./s3-compatible.js";
export { type S3RequestContext, s3Failure } from "./s3-errors.js";
export {
  accessKeyIdSchema,
  type FieldText,
  s3BucketSchema,
  s3PrefixSchema,
  secretAccessKeySchema,
} from "./s3-fields.js";
export { GuardedHttpHandler, type GuardedHttpHandlerOptions, requestUrl } from "./s3-http-handler.js";
export { default } from "./s3-provider.js";
export {
  type S3AmbientConfig,
  type S3Config,
  s3AmbientConfigSchema,
  s3ConfigSchema,
} from "./s3-schema.js";
export type { AssumeRoleSettings } from "./sts-assume-role.js";
