import type { GuardedHttpHandler } from "./s3-http-handler.js";

/** Explicit credentials; the SDK's default chain (environment, files, instance metadata) is never used. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Resolves the host's own AWS credentials, supplied by the operator (e.g. `fromNodeProviderChain()` from
 * `@aws-sdk/credential-providers`). Whatever it does to find them — instance metadata, SSO, files — runs in
 * the operator's code, outside the egress guard; only the operator can enable it.
 */
export type AwsCredentialProvider = () => Promise<AwsCredentials>;

/**
 * The SDK (3.1175) emits a NodeVersionSupportWarning on Node < 22 once per process, at the first client
 * construction. It is about the SDK's future releases, not about this connection, so it is silenced unless
 * the host has set the variable itself.
 */
function silenceNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}

/** Loads `@aws-sdk/client-s3` (only ever from inside a check). */
export async function loadS3Sdk(): Promise<typeof import("@aws-sdk/client-s3")> {
  silenceNodeVersionWarning();
  return import("@aws-sdk/client-s3");
}

/** Loads `@aws-sdk/client-sts` (only ever from inside a check). */
export async function loadStsSdk(): Promise<typeof import("@aws-sdk/client-sts")> {
  silenceNodeVersionWarning();
  return import("@aws-sdk/client-sts");
}

/**
 * Client settings shared by every SDK client a check builds. Everything the SDK would otherwise read from
 * the host's environment or `~/.aws` files is pinned, so a tenant's test never depends on (or borrows) the
 * host's AWS setup: `AWS_ENDPOINT_URL_S3` would redirect requests, `AWS_USE_FIPS_ENDPOINT` would change
 * the host, `AWS_DEFAULTS_MODE=auto` would query instance metadata, `AWS_MAX_ATTEMPTS` would add retries.
 */
export function isolatedClientConfig(
  region: string,
  credentials: AwsCredentials,
  handler: GuardedHttpHandler,
) {
  return {
    region,
    credentials,
    requestHandler: handler,
    // The test's deadline is its only retry budget.
    maxAttempts: 1,
    retryMode: "standard",
    defaultsMode: "standard",
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    // S3-compatible services (B2, older MinIO) refuse the SDK's default flexible-checksum headers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // The SDK's own defaults, pinned: `AWS_BEARER_TOKEN_S3` or `AWS_AUTH_SCHEME_PREFERENCE` would change how a
    // tenant's request authenticates, `AWS_SIGV4A_SIGNING_REGION_SET` its signature, `AWS_SDK_UA_APP_ID` would
    // put the host's app id in it. Unpinned, each also cost every client an environment-and-files lookup that
    // throws and catches an error (measured: pinning the four took ≈ 0.4 ms off a cold check of ≈ 3 ms).
    authSchemePreference: [] as string[],
    disableS3ExpressSessionAuth: false,
    sigv4aSigningRegionSet: async (): Promise<string[] | undefined> => undefined,
    userAgentAppId: async (): Promise<string | undefined> => undefined,
  } as const;
}
