import { ProviderCheckError } from "@plugboard/core";
import { type AwsServiceError, retryAfterSeconds, serviceErrorExcerpt } from "./aws-service-error.js";

/** What the failed request was doing, for the message. */
export interface S3RequestContext {
  /** The service's name as users know it: "Amazon S3", "Tigris". */
  service: string;
  bucket: string;
  region: string;
  /** The IAM action the request needs, e.g. `s3:ListBucket`. */
  action: string;
  /** What was attempted, e.g. `list bucket "reports"`. */
  attempt: string;
}

const AUTH_CODES: Record<string, string> = {
  InvalidAccessKeyId: "does not know the access key ID; check access_key_id",
  SignatureDoesNotMatch: "refused the request signature; the secret access key is wrong",
  InvalidToken: "refused the session token; check session_token",
  ExpiredToken: "says the session token has expired; create new temporary credentials",
  TokenRefreshRequired: "says the session token must be refreshed; create new temporary credentials",
  InvalidSecurity: "refused the credentials",
};
const PERMISSION_CODES = new Set(["AccessDenied", "AllAccessDisabled", "AccountProblem"]);
const REGION_CODES = new Set([
  "PermanentRedirect",
  "AuthorizationHeaderMalformed",
  "IllegalLocationConstraintException",
]);
const RATE_CODES = new Set([
  "SlowDown",
  "TooManyRequests",
  "RequestLimitExceeded",
  "Throttling",
  "ThrottlingException",
]);

/** `Code: message`, the message cut short: servers may answer with a whole HTML page. */
function named(error: AwsServiceError): string {
  const message = error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message;
  return message ? `${error.code}: ${message}` : error.code;
}

/** The bucket's real region, from the `x-amz-bucket-region` header or the error body's `<Region>`. */
export function bucketRegionOf(error: AwsServiceError): string | undefined {
  const fromHeader = error.headers["x-amz-bucket-region"];
  if (fromHeader) return fromHeader;
  const fromBody = error.fields.Region;
  if (typeof fromBody === "string" && fromBody) return fromBody;
  const expecting = /expecting '([a-z0-9-]+)'/.exec(error.message)?.[1];
  return expecting;
}

function regionFailure(error: AwsServiceError, context: S3RequestContext): ProviderCheckError {
  const realRegion = bucketRegionOf(error);
  const providerResponse = {
    ...serviceErrorExcerpt(error),
    ...(realRegion ? { bucket_region: realRegion } : {}),
  };
  const message =
    realRegion && realRegion !== context.region
      ? `Bucket "${context.bucket}" is in region ${realRegion}, not ${context.region} (${error.code}): set region to "${realRegion}".`
      : `${context.service} refused region ${context.region} for bucket "${context.bucket}" (${error.code}): set region to the bucket's region.`;
  return new ProviderCheckError("invalid_config", message, { providerResponse });
}

/**
 * Maps an S3 error answer to a result category and one sentence saying what to do. Codes first (they are
 * precise); the HTTP status only when the body carried no code (HEAD requests, non-S3 servers).
 */
export function s3Failure(error: AwsServiceError, context: S3RequestContext): ProviderCheckError {
  const providerResponse = serviceErrorExcerpt(error);
  const authHint = AUTH_CODES[error.code];
  if (authHint) {
    return new ProviderCheckError("auth_failed", `${context.service} ${authHint} (${error.code}).`, {
      providerResponse,
    });
  }
  if (PERMISSION_CODES.has(error.code)) {
    return new ProviderCheckError(
      "permission_denied",
      `The credentials may not ${context.attempt} (${error.code}): grant ${context.action} on bucket "${context.bucket}".`,
      { providerResponse },
    );
  }
  if (error.code === "NoSuchBucket") {
    return new ProviderCheckError(
      "not_found",
      `Bucket "${context.bucket}" does not exist at ${context.service} (NoSuchBucket): check the bucket name.`,
      { providerResponse },
    );
  }
  if (REGION_CODES.has(error.code) || error.status === 301) return regionFailure(error, context);
  if (error.code === "InvalidBucketName") {
    return new ProviderCheckError(
      "invalid_config",
      `${context.service} refused the bucket name (${named(error)}).`,
      {
        providerResponse,
      },
    );
  }
  if (RATE_CODES.has(error.code) || error.status === 429 || error.status === 503) {
    const retryAfter = retryAfterSeconds(error.headers);
    return new ProviderCheckError("rate_limited", `${context.service} asked to slow down (${error.code}).`, {
      providerResponse,
      ...(retryAfter ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (error.code === "RequestTimeTooSkewed") {
    return new ProviderCheckError(
      "provider_error",
      `${context.service} refused the request time (RequestTimeTooSkewed): this machine's clock is off by more than 15 minutes.`,
      { providerResponse },
    );
  }
  return statusFailure(error, context);
}

/** For answers without a usable error code. */
function statusFailure(error: AwsServiceError, context: S3RequestContext): ProviderCheckError {
  const providerResponse = serviceErrorExcerpt(error);
  switch (error.status) {
    case 401:
      return new ProviderCheckError(
        "auth_failed",
        `${context.service} refused the credentials (HTTP 401, ${error.code}).`,
        { providerResponse },
      );
    case 403:
      return new ProviderCheckError(
        "permission_denied",
        `${context.service} refused to ${context.attempt} (HTTP 403, ${error.code}): check the credentials and grant ${context.action}.`,
        { providerResponse },
      );
    case 404:
      return new ProviderCheckError(
        "not_found",
        `${context.service} answered 404 to ${context.attempt} (${error.code}): check the bucket name and the endpoint.`,
        { providerResponse },
      );
    default:
      return new ProviderCheckError(
        "provider_error",
        `${context.service} answered HTTP ${error.status} to ${context.attempt} (${named(error)}).`,
        { providerResponse },
      );
  }
}
