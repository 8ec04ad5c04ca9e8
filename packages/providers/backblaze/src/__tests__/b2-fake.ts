import { createHash, randomBytes } from "node:crypto";
import {
  type FakeHttpServer,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from "@plugboard/testkit";

/** An application key the fake knows. */
export interface FakeB2Key {
  key: string;
  capabilities: string[];
  /** Bucket names the key is restricted to (a multi-bucket key lists several); `null`: every bucket. */
  buckets: string[] | null;
  namePrefix: string | null;
}

/** The real origins the fake stands in for (tests map them to it with origin overrides). */
export const B2_ORIGINS = {
  authorize: "https://api.backblazeb2.com",
  api: "https://api004.backblazeb2.com",
  upload: "https://pod-040-1004-17.backblaze.com",
} as const;

/** Every capability of a master key. */
export const ALL_CAPABILITIES = [
  "listKeys",
  "writeKeys",
  "deleteKeys",
  "listBuckets",
  "listAllBucketNames",
  "readBuckets",
  "writeBuckets",
  "deleteBuckets",
  "listFiles",
  "readFiles",
  "shareFiles",
  "writeFiles",
  "deleteFiles",
];

/** A running fake with what it stores. */
export interface B2Fake extends FakeHttpServer {
  /** File name → file id, per bucket name. */
  files: Map<string, Map<string, string>>;
  /** Every file name uploaded so far. */
  uploaded: string[];
  /** The upload pod, a second listener: tests map {@link B2_ORIGINS.upload} to it. */
  uploadUrl: string;
}

const ACCOUNT_ID = "4aa9865d6f00";

/** B2's documented error body. */
const error = (reply: FakeReply, status: number, code: string, message = "") =>
  reply.json(status, { status, code, message });

function basicCredentials(header: unknown): [string, string] | undefined {
  if (typeof header !== "string" || !header.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function jsonBody(request: RecordedRequest): Record<string, unknown> {
  try {
    return JSON.parse(request.body || "{}") as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * A fake of the Backblaze B2 native API v4, from its documentation: `b2_authorize_account` with Basic auth
 * (the v4 `apiInfo.storageApi.allowed` shape: `buckets`, `capabilities`, `namePrefix`), `b2_list_buckets`
 * (200 with an empty list for a bucket that does not exist; 401 `unauthorized` for a key restricted to
 * other buckets or without `listBuckets`), `b2_get_upload_url`, `b2_upload_file` (SHA-1 checked) and
 * `b2_delete_file_version`. Tokens are checked on every call (`bad_auth_token`).
 */
export async function startB2Fake(keys: Record<string, FakeB2Key>, buckets: string[]): Promise<B2Fake> {
  const bucketIds = new Map(buckets.map((name, index) => [name, `4a48fe8875c6214145260${index}18`]));
  const files = new Map(buckets.map((name) => [name, new Map<string, string>()]));
  const tokens = new Map<string, FakeB2Key>();
  const uploadTokens = new Map<string, { key: FakeB2Key; bucket: string }>();
  const uploaded: string[] = [];
  const bucketOf = (id: unknown) => [...bucketIds].find(([, bucketId]) => bucketId === id)?.[0];
  const mayUse = (key: FakeB2Key, bucket: string | undefined) =>
    bucket !== undefined && (key.buckets === null || key.buckets.includes(bucket));

  const authorize = (request: RecordedRequest, reply: FakeReply) => {
    const [keyId, secret] = basicCredentials(request.headers.authorization) ?? [];
    const key = keyId === undefined ? undefined : keys[keyId];
    if (!key || key.key !== secret) return error(reply, 401, "unauthorized");
    const token = `4_${randomBytes(24).toString("hex")}`;
    tokens.set(token, key);
    return reply.json(200, {
      accountId: ACCOUNT_ID,
      authorizationToken: token,
      applicationKeyExpirationTimestamp: null,
      apiInfo: {
        groupsApi: { infoType: "groupsApi", capabilities: ["all"], groupsApiUrl: B2_ORIGINS.api },
        storageApi: {
          infoType: "storageApi",
          apiUrl: B2_ORIGINS.api,
          downloadUrl: "https://f004.backblazeb2.com",
          s3ApiUrl: "https://s3.us-west-004.backblazeb2.com",
          recommendedPartSize: 100_000_000,
          absoluteMinimumPartSize: 5_000_000,
          allowed: {
            buckets: key.buckets?.map((name) => ({ id: bucketIds.get(name) ?? null, name })) ?? null,
            capabilities: key.capabilities,
            namePrefix: key.namePrefix,
          },
        },
      },
    });
  };

  const withToken = (request: RecordedRequest, reply: FakeReply, capability: string) => {
    const key = tokens.get(String(request.headers.authorization ?? ""));
    if (!key) {
      void error(reply, 401, "bad_auth_token", "Invalid authorization token");
      return undefined;
    }
    if (!key.capabilities.includes(capability)) {
      void error(reply, 401, "unauthorized", `application key does not have the ${capability} capability`);
      return undefined;
    }
    return key;
  };

  const server = await startFakeHttpServer({
    "GET /b2api/v4/b2_authorize_account": authorize,
    "POST /b2api/v4/b2_list_buckets": (request, reply) => {
      const key = withToken(request, reply, "listBuckets");
      if (!key) return;
      const body = jsonBody(request);
      if (body.accountId !== ACCOUNT_ID) return error(reply, 401, "unauthorized", "accountId does not match");
      const wanted = typeof body.bucketName === "string" ? body.bucketName : undefined;
      if (key.buckets !== null && (wanted === undefined || !key.buckets.includes(wanted))) {
        return error(reply, 401, "unauthorized", "");
      }
      const listed = [...bucketIds]
        .filter(([name]) => wanted === undefined || name === wanted)
        .map(([bucketName, bucketId]) => ({
          accountId: ACCOUNT_ID,
          bucketId,
          bucketName,
          bucketType: "allPrivate",
          bucketInfo: {},
          revision: 3,
        }));
      return reply.json(200, { buckets: listed });
    },
    "POST /b2api/v4/b2_get_upload_url": (request, reply) => {
      const key = withToken(request, reply, "writeFiles");
      if (!key) return;
      const bucket = bucketOf(jsonBody(request).bucketId);
      if (!mayUse(key, bucket)) return error(reply, 401, "unauthorized", "");
      const token = `4_upload_${randomBytes(12).toString("hex")}`;
      uploadTokens.set(token, { key, bucket: bucket as string });
      return reply.json(200, {
        bucketId: bucketIds.get(bucket as string),
        uploadUrl: `${B2_ORIGINS.upload}/b2api/v4/b2_upload_file/${bucketIds.get(bucket as string)}/c004_v0401017`,
        authorizationToken: token,
      });
    },
    "POST /b2api/v4/b2_delete_file_version": (request, reply) => {
      const key = withToken(request, reply, "deleteFiles");
      if (!key) return;
      const { fileName, fileId } = jsonBody(request);
      for (const [bucket, stored] of files) {
        if (stored.get(String(fileName)) === fileId) {
          if (!mayUse(key, bucket)) return error(reply, 401, "unauthorized", "");
          stored.delete(String(fileName));
          return reply.json(200, { fileId, fileName });
        }
      }
      return error(reply, 400, "file_not_present", `File not present: ${String(fileName)}`);
    },
  });
  const upload = await startFakeHttpServer((request, reply) => {
    if (request.method !== "POST" || !request.url.pathname.startsWith("/b2api/v4/b2_upload_file/")) {
      return error(reply, 404, "not_found", "");
    }
    const grant = uploadTokens.get(String(request.headers.authorization ?? ""));
    if (!grant) return error(reply, 401, "bad_auth_token", "Invalid authorization token");
    const fileName = decodeURIComponent(String(request.headers["x-bz-file-name"] ?? ""));
    if (grant.key.namePrefix && !fileName.startsWith(grant.key.namePrefix)) {
      return error(reply, 401, "unauthorized", "file name does not start with the key's name prefix");
    }
    const sha1 = createHash("sha1").update(request.body, "utf8").digest("hex");
    if (request.headers["x-bz-content-sha1"] !== sha1)
      return error(reply, 400, "bad_request", "Sha1 did not match data received");
    const fileId = `4_z${randomBytes(12).toString("hex")}`;
    files.get(grant.bucket)?.set(fileName, fileId);
    uploaded.push(fileName);
    return reply.json(200, {
      fileId,
      fileName,
      accountId: ACCOUNT_ID,
      bucketId: bucketIds.get(grant.bucket),
      action: "upload",
    });
  });
  const close = server.close;
  return Object.assign(server, {
    files,
    uploaded,
    uploadUrl: upload.url,
    close: async () => {
      await Promise.all([close(), upload.close()]);
    },
  });
}
