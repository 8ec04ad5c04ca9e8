import { createHash } from "node:crypto";
import { type CheckContext, type CheckOutcome, ProviderCheckError } from "@plugboard/core";
import { probeKey } from "@plugboard/provider-s3";
import { B2_API_ORIGIN, B2_API_VERSION, b2Request } from "./b2-api.js";
import type { BackblazeNativeConfig } from "./backblaze-schema.js";

/** What the key may do, as `b2_authorize_account` (v4) reports it in `apiInfo.storageApi.allowed`. */
export interface B2Allowed {
  /** `null` for a key that may use every bucket. */
  buckets?: Array<{ id?: string; name?: string | null }> | null;
  capabilities?: string[];
  namePrefix?: string | null;
}

interface AuthorizeAnswer {
  accountId?: string;
  authorizationToken?: string;
  apiInfo?: { storageApi?: { apiUrl?: string; allowed?: B2Allowed } };
}

interface ListBucketsAnswer {
  buckets?: Array<{ bucketId?: string; bucketName?: string; bucketType?: string }>;
}

/** Capabilities a sync needs: find the bucket, list its files, read them. */
const READ_CAPABILITIES = ["listBuckets", "listFiles", "readFiles"];
/** Added by the write probe. */
const WRITE_CAPABILITIES = ["writeFiles", "deleteFiles"];

const PROBE_BODY = "Written by a Plugboard connection test (write probe); safe to delete.\n";

/**
 * Compares the key's restrictions with the config, without a request: bucket restrictions (multi-bucket
 * keys list several), the file-name prefix and the capabilities a sync needs. B2 would refuse the later
 * calls anyway, but only this names what to change.
 */
export function checkKeyScope(allowed: B2Allowed, bucket: string, prefix: string, wantsWrite: boolean): void {
  const allowedBuckets = allowed.buckets;
  if (allowedBuckets && !allowedBuckets.some((entry) => entry.name === bucket)) {
    const names = allowedBuckets.map((entry) => entry.name ?? entry.id ?? "?").join(", ");
    throw new ProviderCheckError(
      "permission_denied",
      `The application key is restricted to bucket${allowedBuckets.length === 1 ? "" : "s"} ${names || "(none)"}, not "${bucket}": use a key for "${bucket}".`,
      { providerResponse: { allowed_buckets: allowedBuckets.map((entry) => entry.name ?? null) } },
    );
  }
  const namePrefix = allowed.namePrefix;
  if (namePrefix && !prefix.startsWith(namePrefix)) {
    throw new ProviderCheckError(
      "permission_denied",
      `The application key may only read files whose names start with "${namePrefix}": set prefix to "${namePrefix}" (or a path under it), or use a key without a name prefix.`,
      { providerResponse: { name_prefix: namePrefix } },
    );
  }
  const needed = wantsWrite ? [...READ_CAPABILITIES, ...WRITE_CAPABILITIES] : READ_CAPABILITIES;
  const capabilities = new Set(allowed.capabilities ?? []);
  const missing = needed.filter((capability) => !capabilities.has(capability));
  if (missing.length > 0) {
    throw new ProviderCheckError(
      "permission_denied",
      `The application key lacks the ${missing.join(", ")} capabilit${missing.length === 1 ? "y" : "ies"}: create a key with ${needed.join(", ")}.`,
      { providerResponse: { missing_capabilities: missing } },
    );
  }
}

/** B2's file-name encoding for `X-Bz-File-Name`: percent-encoding, "/" kept. */
function b2FileName(name: string): string {
  return encodeURIComponent(name).replace(/%2F/g, "/");
}

function apiUrlOf(answer: AuthorizeAnswer): string {
  const apiUrl = answer.apiInfo?.storageApi?.apiUrl;
  if (!apiUrl || !/^https?:\/\//i.test(apiUrl) || !answer.authorizationToken || !answer.accountId) {
    throw new ProviderCheckError(
      "provider_error",
      "Backblaze B2 answered b2_authorize_account without an API URL, token or account ID.",
    );
  }
  return apiUrl.replace(/\/+$/, "");
}

/** Uploads a small probe file under the prefix and deletes it again (B2 native API). */
async function writeProbe(
  ctx: CheckContext,
  apiUrl: string,
  token: string,
  bucketId: string,
  prefix: string,
): Promise<void> {
  const fileName = probeKey(prefix);
  const body = new TextEncoder().encode(PROBE_BODY);
  const uploaded = await ctx.step("write probe file", async () => {
    const target = await b2Request<{ uploadUrl?: string; authorizationToken?: string }>(
      ctx,
      `${apiUrl}/b2api/${B2_API_VERSION}/b2_get_upload_url`,
      {
        method: "POST",
        headers: { authorization: token, "content-type": "application/json" },
        body: JSON.stringify({ bucketId }),
      },
      { call: "b2_get_upload_url", attempt: "upload to the bucket", capability: "writeFiles" },
    );
    if (!target.uploadUrl || !target.authorizationToken) {
      throw new ProviderCheckError(
        "provider_error",
        "Backblaze B2 answered b2_get_upload_url without an upload URL.",
      );
    }
    return b2Request<{ fileId?: string; fileName?: string }>(
      ctx,
      target.uploadUrl,
      {
        method: "POST",
        headers: {
          authorization: target.authorizationToken,
          "x-bz-file-name": b2FileName(fileName),
          "content-type": "text/plain",
          "x-bz-content-sha1": createHash("sha1").update(body).digest("hex"),
        },
        body,
      },
      { call: "b2_upload_file", attempt: `write "${fileName}"`, capability: "writeFiles" },
    );
  });
  await ctx.step("delete probe file", () =>
    b2Request(
      ctx,
      `${apiUrl}/b2api/${B2_API_VERSION}/b2_delete_file_version`,
      {
        method: "POST",
        headers: { authorization: token, "content-type": "application/json" },
        body: JSON.stringify({ fileName: uploaded.fileName ?? fileName, fileId: uploaded.fileId }),
      },
      {
        call: "b2_delete_file_version",
        attempt: `delete the probe file "${fileName}" (left in the bucket)`,
        capability: "deleteFiles",
      },
    ),
  );
}

/**
 * The native B2 test: `b2_authorize_account` (proves the key), the key's restrictions against the config,
 * then `b2_list_buckets` for the configured bucket (B2 answers 200 with an empty list for a bucket that does
 * not exist). Plain requests through `ctx.fetch`.
 */
export async function checkB2Native(config: BackblazeNativeConfig, ctx: CheckContext): Promise<CheckOutcome> {
  const { bucket } = config;
  const prefix = config.prefix ?? "";
  const wantsWrite = ctx.probes.has("write");
  const basic = Buffer.from(
    `${config.credentials.application_key_id}:${config.credentials.application_key}`,
  ).toString("base64");
  const authorized = await ctx.step("authorize account", () =>
    b2Request<AuthorizeAnswer>(
      ctx,
      `${B2_API_ORIGIN}/b2api/${B2_API_VERSION}/b2_authorize_account`,
      { method: "GET", headers: { authorization: `Basic ${basic}` } },
      { call: "b2_authorize_account", attempt: "authorize" },
    ),
  );
  const apiUrl = apiUrlOf(authorized);
  const token = authorized.authorizationToken as string;
  const accountId = authorized.accountId as string;
  const allowed = authorized.apiInfo?.storageApi?.allowed ?? {};
  await ctx.step("check key restrictions", () => checkKeyScope(allowed, bucket, prefix, wantsWrite));

  const found = await ctx.step("open bucket", async () => {
    const answer = await b2Request<ListBucketsAnswer>(
      ctx,
      `${apiUrl}/b2api/${B2_API_VERSION}/b2_list_buckets`,
      {
        method: "POST",
        headers: { authorization: token, "content-type": "application/json" },
        body: JSON.stringify({ accountId, bucketName: bucket }),
      },
      { call: "b2_list_buckets", attempt: `list bucket "${bucket}"`, capability: "listBuckets" },
    );
    const match = answer.buckets?.find((entry) => entry.bucketName === bucket);
    if (!match?.bucketId) {
      throw new ProviderCheckError(
        "not_found",
        `Bucket "${bucket}" does not exist in this Backblaze B2 account: check the bucket name.`,
        { providerResponse: { buckets: answer.buckets?.length ?? 0 } },
      );
    }
    return match;
  });

  if (wantsWrite) await writeProbe(ctx, apiUrl, token, found.bucketId as string, prefix);
  return {
    message: `Opened bucket "${bucket}"${prefix ? ` under "${prefix}"` : ""} (${found.bucketType ?? "bucket"}) with a key that may list and read its files${wantsWrite ? "; wrote and deleted a probe file" : ""}.`,
    providerResponse: {
      account_id: accountId,
      bucket_id: found.bucketId,
      bucket_type: found.bucketType,
      restricted: Boolean(allowed.buckets),
    },
  };
}
