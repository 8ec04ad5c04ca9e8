import {
  type CheckContext,
  type CheckOutcome,
  type ConnectionProvider,
  defineProvider,
} from "@plugboard/core";
import type * as z from "zod";
import { checkS3Connection, type S3ConnectionSettings } from "./s3-bucket-check.js";

/** The config shape the factory reads by default: the `s3` provider's field names, most of them optional. */
export interface S3CompatibleConfig {
  bucket: string;
  region?: string | undefined;
  endpoint?: string | undefined;
  force_path_style?: boolean | undefined;
  prefix?: string | undefined;
  credentials: {
    access_key_id: string;
    secret_access_key: string;
    session_token?: string | undefined;
    /** When present, the role is assumed with the keys first. */
    role_arn?: string | undefined;
    external_id?: string | undefined;
    session_name?: string | undefined;
  };
}

/** A service's fixed settings, used where its config has no such field. */
export interface S3CompatibleDefaults {
  /** The service's S3 endpoint, e.g. `https://t3.storage.dev`. Absent for Amazon S3. */
  endpoint?: string;
  /** The signing region, e.g. `auto`. Default `us-east-1`. */
  region?: string;
  /** Default `false` (virtual-hosted style: `bucket.endpoint`). */
  forcePathStyle?: boolean;
}

/** Default session name for an assumed role (shown in CloudTrail). */
export const DEFAULT_SESSION_NAME = "plugboard";

/** The write probe every S3-compatible provider offers. */
export const S3_WRITE_PROBE =
  "Puts a small probe object under the prefix and deletes it again (s3:PutObject, s3:DeleteObject).";

/** The bucket's location and addressing from a config in the `s3` shape: everything but credentials. */
export function locationFromConfig(
  config: Omit<S3CompatibleConfig, "credentials">,
  service: string,
  defaults: S3CompatibleDefaults = {},
): Omit<S3ConnectionSettings, "credentials" | "assumeRole"> {
  const endpoint = config.endpoint ?? defaults.endpoint;
  return {
    // A user-supplied endpoint is some other S3-compatible service: messages name it, not the provider.
    service: config.endpoint ? `S3 endpoint ${new URL(config.endpoint).host}` : service,
    bucket: config.bucket,
    region: config.region ?? defaults.region ?? "us-east-1",
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: config.force_path_style ?? defaults.forcePathStyle ?? false,
    prefix: config.prefix ?? "",
  };
}

/** The role to assume, when the credentials name one. */
export function roleFromConfig(credentials: {
  role_arn?: string | undefined;
  external_id?: string | undefined;
  session_name?: string | undefined;
}): Pick<S3ConnectionSettings, "assumeRole"> {
  if (!credentials.role_arn) return {};
  return {
    assumeRole: {
      roleArn: credentials.role_arn,
      sessionName: credentials.session_name ?? DEFAULT_SESSION_NAME,
      ...(credentials.external_id ? { externalId: credentials.external_id } : {}),
    },
  };
}

/** Reads {@link S3ConnectionSettings} from a config in the `s3` shape, filling gaps from the service's defaults. */
export function settingsFromConfig(
  config: S3CompatibleConfig,
  service: string,
  defaults: S3CompatibleDefaults = {},
): S3ConnectionSettings {
  const { credentials } = config;
  return {
    ...locationFromConfig(config, service, defaults),
    credentials: {
      accessKeyId: credentials.access_key_id,
      secretAccessKey: credentials.secret_access_key,
      ...(credentials.session_token ? { sessionToken: credentials.session_token } : {}),
    },
    ...roleFromConfig(credentials),
  };
}

/**
 * The S3 check as a provider's `check()`, for providers that pick between several APIs (Backblaze: native
 * or S3-compatible) and so cannot be built whole by {@link createS3CompatibleProvider}.
 */
export function s3CompatibleCheck<Config>(
  settings: (config: Config) => S3ConnectionSettings,
): (config: Config, ctx: CheckContext) => Promise<CheckOutcome> {
  return (config, ctx) => checkS3Connection(settings(config), ctx);
}

/** Options of {@link createS3CompatibleProvider}. */
export interface S3CompatibleProviderOptions<Schema extends z.ZodType<S3CompatibleConfig>> {
  /** The stored provider id, e.g. `tigris`. */
  type: string;
  displayName: string;
  description: string;
  docsUrl: string;
  /** The service's own schema (its docs, examples and which fields exist); output in the `s3` shape. */
  configSchema: Schema;
  secretFields: readonly string[];
  /** The service's fixed endpoint, region and addressing style, used where the config has no such field. */
  defaults?: S3CompatibleDefaults;
  /** Default 1 (one ListObjectsV2). */
  minimalRoundTrips?: number;
}

/**
 * Builds a provider for an S3-compatible service: its own schema and metadata, the shared S3 test
 * (ListObjectsV2 with `MaxKeys=1` under the prefix, the optional `write` probe, S3 error codes mapped to
 * categories), every request through the egress guard.
 *
 * @example
 * export default createS3CompatibleProvider({
 *   type: "tigris", displayName: "Tigris", description: "…", docsUrl: "https://…",
 *   configSchema: tigrisConfigSchema, secretFields: ["credentials.secret_access_key"],
 *   defaults: { endpoint: "https://t3.storage.dev", region: "auto", forcePathStyle: false },
 * });
 */
export function createS3CompatibleProvider<Schema extends z.ZodType<S3CompatibleConfig>>(
  options: S3CompatibleProviderOptions<Schema>,
): ConnectionProvider<Schema> {
  const check = s3CompatibleCheck((config: S3CompatibleConfig) =>
    settingsFromConfig(config, options.displayName, options.defaults),
  );
  return defineProvider({
    type: options.type,
    displayName: options.displayName,
    description: options.description,
    docsUrl: options.docsUrl,
    configSchema: options.configSchema,
    secretFields: options.secretFields,
    probes: { write: S3_WRITE_PROBE },
    minimalRoundTrips: options.minimalRoundTrips ?? 1,
    check,
  });
}
