import { randomUUID } from "node:crypto";
import { type CheckContext, type CheckOutcome, ProviderCheckError } from "@plugboard/core";
import {
  type AwsCredentialProvider,
  type AwsCredentials,
  isolatedClientConfig,
  loadS3Sdk,
} from "./aws-sdk.js";
import { readAwsServiceError } from "./aws-service-error.js";
import { type S3RequestContext, s3Failure } from "./s3-errors.js";
import { GuardedHttpHandler } from "./s3-http-handler.js";
import { type AssumeRoleSettings, assumeRole } from "./sts-assume-role.js";

/** Everything a check needs to reach one bucket, whatever the provider's config looks like. */
export interface S3ConnectionSettings {
  /** The service's name in messages: "Amazon S3", "Tigris", "Backblaze B2". */
  service: string;
  bucket: string;
  /** The signing region (`auto` for Tigris). */
  region: string;
  /** An S3-compatible endpoint; absent for Amazon S3 (the SDK derives it from the region). */
  endpoint?: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`. */
  forcePathStyle: boolean;
  /** Only keys under it are listed; the write probe writes under it. Empty for the whole bucket. */
  prefix: string;
  /** Static keys, or the operator's provider of the host's own credentials (see `createS3Provider`). */
  credentials: AwsCredentials | AwsCredentialProvider;
  /** Assume this role with `credentials` first (AWS only). */
  assumeRole?: AssumeRoleSettings;
}

type S3Sdk = Awaited<ReturnType<typeof loadS3Sdk>>;
type S3Client = InstanceType<S3Sdk["S3Client"]>;

const PROBE_BODY = "Written by a Plugboard connection test (write probe); safe to delete.\n";

/** The probe object's key: under the prefix, as a "folder" when the prefix does not end with "/". */
export function probeKey(prefix: string): string {
  const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  return `${folder}plugboard-probe-${randomUUID()}.txt`;
}

/** Runs one SDK command, turning S3's error answers into categorised failures. */
async function send<Output>(run: () => Promise<Output>, context: S3RequestContext): Promise<Output> {
  try {
    return await run();
  } catch (error) {
    const serviceError = readAwsServiceError(error);
    throw serviceError ? s3Failure(serviceError, context) : error;
  }
}

/** Calls the operator's credential provider; a failure means the host has no usable identity. */
async function hostCredentials(provide: AwsCredentialProvider): Promise<AwsCredentials> {
  let resolved: AwsCredentials;
  try {
    resolved = await provide();
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : String(error);
    throw new ProviderCheckError(
      "auth_failed",
      `The host's AWS credentials could not be resolved: ${reason}`,
      {
        cause: error,
      },
    );
  }
  if (!resolved?.accessKeyId || !resolved.secretAccessKey) {
    throw new ProviderCheckError("auth_failed", "The host's AWS credential provider returned no keys.");
  }
  return {
    accessKeyId: resolved.accessKeyId,
    secretAccessKey: resolved.secretAccessKey,
    ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
  };
}

function where(settings: S3ConnectionSettings): string {
  return settings.prefix ? ` under "${settings.prefix}"` : "";
}

/**
 * The S3 test: (assume the role,) list at most one key under the prefix — the one request that proves the
 * credentials, the bucket, its region and `s3:ListBucket` — and, when the caller asks for the `write`
 * probe, put and delete a small object under the prefix. Every request goes through `ctx.request` (the egress guard).
 */
export async function checkS3Connection(
  settings: S3ConnectionSettings,
  ctx: CheckContext,
): Promise<CheckOutcome> {
  const { service, bucket, region } = settings;
  let credentials =
    typeof settings.credentials === "function"
      ? await ctx.step("resolve host credentials", () =>
          hostCredentials(settings.credentials as AwsCredentialProvider),
        )
      : settings.credentials;
  if (settings.assumeRole) {
    const role = settings.assumeRole;
    const keys = credentials;
    credentials = await ctx.step("assume role", () => assumeRole(region, keys, role, ctx));
  }

  const { S3Client, ListObjectsV2Command, PutObjectCommand, DeleteObjectCommand } = await loadS3Sdk();
  const handler = new GuardedHttpHandler({ request: ctx.request, signal: ctx.signal });
  const client: S3Client = new S3Client({
    ...isolatedClientConfig(region, credentials, handler),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    followRegionRedirects: false,
    useArnRegion: false,
  });
  const context = (action: string, attempt: string): S3RequestContext => ({
    service,
    bucket,
    region,
    action,
    attempt,
  });
  try {
    const listing = await ctx.step("list objects", async () => {
      const output = await send(
        () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              MaxKeys: 1,
              ...(settings.prefix ? { Prefix: settings.prefix } : {}),
            }),
            { abortSignal: ctx.signal },
          ),
        context("s3:ListBucket", `list bucket "${bucket}"${where(settings)}`),
      );
      // A web server that is not S3 can answer 200 with HTML, which the SDK parses into an empty result.
      if (output.Name === undefined) {
        throw new ProviderCheckError(
          "provider_error",
          `The endpoint answered ListObjectsV2 without a bucket listing: check that it is an S3 API endpoint.`,
        );
      }
      return output;
    });

    if (ctx.probes.has("write")) {
      const key = probeKey(settings.prefix);
      await ctx.step("write probe object", () =>
        send(
          () =>
            client.send(
              new PutObjectCommand({ Bucket: bucket, Key: key, Body: PROBE_BODY, ContentType: "text/plain" }),
              { abortSignal: ctx.signal },
            ),
          context("s3:PutObject", `write to bucket "${bucket}"${where(settings)}`),
        ),
      );
      await ctx.step("delete probe object", () =>
        send(
          () =>
            client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: ctx.signal }),
          context("s3:DeleteObject", `delete the probe object "${key}" (left in the bucket)`),
        ),
      );
    }

    const keys = listing.KeyCount ?? listing.Contents?.length ?? 0;
    const seen = keys > 0 ? "at least one object" : "no objects yet";
    return {
      message: `Listed bucket "${bucket}"${where(settings)} in ${region}: ${seen}${ctx.probes.has("write") ? "; wrote and deleted a probe object" : ""}.`,
      providerResponse: {
        bucket: listing.Name,
        key_count: keys,
        ...(settings.assumeRole ? { assumed_role: true } : {}),
      },
    };
  } finally {
    client.destroy();
  }
}
