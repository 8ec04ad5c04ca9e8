import { type ConnectionProvider, defineProvider } from "@plugboard/core";
import type { AwsCredentialProvider } from "./aws-sdk.js";
import type { S3ConnectionSettings } from "./s3-bucket-check.js";
import {
  createS3CompatibleProvider,
  locationFromConfig,
  roleFromConfig,
  S3_WRITE_PROBE,
  s3CompatibleCheck,
  settingsFromConfig,
} from "./s3-compatible.js";
import { type S3AmbientConfig, s3AmbientConfigSchema, s3ConfigSchema } from "./s3-schema.js";

const metadata = {
  type: "s3",
  displayName: "Amazon S3",
  description: "An Amazon S3 bucket (or S3-compatible storage); the test lists the bucket under the prefix.",
  docsUrl: "https://plugboard.dev/docs/providers/s3",
  secretFields: ["credentials.secret_access_key", "credentials.session_token"],
} as const;

/** Options of {@link createS3Provider}. */
export interface S3ProviderOptions {
  /**
   * Lets configs use the host's own AWS identity (`credentials: { type: "ambient" }`), resolved by this
   * function — e.g. `fromNodeProviderChain()` from `@aws-sdk/credential-providers`. Off by default: a tenant
   * must never borrow the host's identity unless the operator decided so.
   */
  ambientCredentials?: AwsCredentialProvider;
}

/** Settings for a config of the ambient-enabled schema: host credentials come from the operator's provider. */
function ambientSettings(config: S3AmbientConfig, provide: AwsCredentialProvider): S3ConnectionSettings {
  const { credentials } = config;
  if (credentials.type !== "ambient")
    return settingsFromConfig({ ...config, credentials }, metadata.displayName);
  return {
    ...locationFromConfig(config, metadata.displayName),
    credentials: provide,
    ...roleFromConfig(credentials),
  };
}

/**
 * Builds the `s3` provider. Without options it is the default export. With `ambientCredentials`, register it
 * in place of the built-in one to let configs use the host's identity:
 *
 * @example
 * import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
 * const registry = createDefaultRegistry({
 *   providers: { s3: createS3Provider({ ambientCredentials: fromNodeProviderChain() }) },
 * });
 */
export function createS3Provider(options: S3ProviderOptions = {}): ConnectionProvider {
  const provide = options.ambientCredentials;
  if (!provide) return createS3CompatibleProvider({ ...metadata, configSchema: s3ConfigSchema });
  return defineProvider({
    ...metadata,
    configSchema: s3AmbientConfigSchema,
    probes: { write: S3_WRITE_PROBE },
    minimalRoundTrips: 1,
    check: s3CompatibleCheck((config: S3AmbientConfig) => ambientSettings(config, provide)),
  });
}

/**
 * The `s3` provider: an Amazon S3 bucket, or a bucket on any S3-compatible service through `endpoint`.
 * The test lists one key under the prefix (after `sts:AssumeRole` when a role is configured). Host
 * ("ambient") credentials are not offered; see {@link createS3Provider}.
 */
export default createS3CompatibleProvider({ ...metadata, configSchema: s3ConfigSchema });
