import { type CheckContext, ProviderCheckError } from "@plugboard/core";
import { type AwsCredentials, isolatedClientConfig, loadStsSdk } from "./aws-sdk.js";
import { readAwsServiceError, retryAfterSeconds, serviceErrorExcerpt } from "./aws-service-error.js";
import { GuardedHttpHandler } from "./s3-http-handler.js";

/** The role to assume and how. */
export interface AssumeRoleSettings {
  roleArn: string;
  externalId?: string;
  sessionName: string;
}

/** The shortest session STS grants: the test only needs one request. */
const SESSION_SECONDS = 900;

const AUTH_CODES = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "InvalidAccessKeyId",
  "UnrecognizedClientException",
]);

function stsFailure(error: unknown, role: AssumeRoleSettings): unknown {
  const serviceError = readAwsServiceError(error);
  if (!serviceError) return error;
  const providerResponse = serviceErrorExcerpt(serviceError);
  const { code } = serviceError;
  if (AUTH_CODES.has(code)) {
    return new ProviderCheckError(
      "auth_failed",
      `AWS STS refused the access key (${code}): check the static keys.`,
      {
        providerResponse,
      },
    );
  }
  if (code === "AccessDenied") {
    return new ProviderCheckError(
      "permission_denied",
      `The access key may not assume role ${role.roleArn} (sts:AssumeRole): allow it in the key's policy and in the role's trust policy${role.externalId ? ", and check external_id" : ""}.`,
      { providerResponse },
    );
  }
  if (code === "RegionDisabledException") {
    return new ProviderCheckError(
      "invalid_config",
      "AWS STS is not activated in this region (RegionDisabledException): activate it in IAM account settings.",
      { providerResponse },
    );
  }
  if (code === "Throttling" || serviceError.status === 429) {
    const retryAfter = retryAfterSeconds(serviceError.headers);
    return new ProviderCheckError("rate_limited", `AWS STS asked to slow down (${code}).`, {
      providerResponse,
      ...(retryAfter ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (code === "ValidationError" || code === "MalformedPolicyDocument") {
    return new ProviderCheckError(
      "invalid_config",
      `AWS STS refused the request (${code}): check role_arn and external_id.`,
      {
        providerResponse,
      },
    );
  }
  return new ProviderCheckError("provider_error", `AWS STS answered HTTP ${serviceError.status} (${code}).`, {
    providerResponse,
  });
}

/**
 * Calls `sts:AssumeRole` with the static keys (regional STS endpoint, through the check's guarded fetch)
 * and returns the role's temporary credentials.
 */
export async function assumeRole(
  region: string,
  keys: AwsCredentials,
  role: AssumeRoleSettings,
  ctx: CheckContext,
): Promise<AwsCredentials> {
  const { STSClient, AssumeRoleCommand } = await loadStsSdk();
  const handler = new GuardedHttpHandler({ request: ctx.request, signal: ctx.signal });
  const client = new STSClient(isolatedClientConfig(region, keys, handler));
  try {
    const output = await client.send(
      new AssumeRoleCommand({
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName,
        DurationSeconds: SESSION_SECONDS,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
      }),
      { abortSignal: ctx.signal },
    );
    const credentials = output.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
      throw new ProviderCheckError("provider_error", "AWS STS answered AssumeRole without credentials.");
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    };
  } catch (error) {
    throw stsFailure(error, role);
  } finally {
    client.destroy();
  }
}
