import { createHash, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import {
  type FakeHttpServer,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from "@plugboard/testkit";
import { expectedSignature, parseAuthorization, type SigV4Authorization } from "./sigv4-verifier.js";

/** A key the fake knows, with what it may do. */
export interface FakeKey {
  secret: string;
  /** Temporary credentials: requests must carry this `x-amz-security-token`. */
  sessionToken?: string;
  /** s3:ListBucket (default true). */
  list?: boolean;
  /** s3:PutObject and s3:DeleteObject (default true). */
  write?: boolean;
}

/** A role `sts:AssumeRole` can hand out. */
export interface FakeRole {
  /** Access key ids allowed to assume it (its trust policy). */
  trusted: string[];
  /** The `sts:ExternalId` the trust policy requires. */
  externalId?: string;
  list?: boolean;
  write?: boolean;
}

/** What the fake serves. */
export interface AwsFakeOptions {
  keys: Record<string, FakeKey>;
  /** Bucket name → its region (`auto` for Tigris). */
  buckets: Record<string, string>;
  /** Existing object keys per bucket. */
  objects?: Record<string, string[]>;
  /** Role ARN → role. */
  roles?: Record<string, FakeRole>;
}

/** A running fake, with what it stored. */
export interface AwsFake {
  /** Where to reach it directly (path style, `endpoint` configs): it serves whatever Host it is called as. */
  url: string;
  port: number;
  /**
   * Listeners standing in for real AWS origins, for origin overrides: `{ [origin]: listenerUrl }`. Each one
   * treats its requests as sent to that origin's host — the host the SDK signed — since fetch sends the
   * override target's host in the Host header.
   */
  serve(origins: string[]): Promise<Record<string, string>>;
  /** Every request received by any listener, in order. */
  requests: Array<RecordedRequest & { servedAs: string }>;
  /** Object keys per bucket, as they are now. */
  objects: Map<string, Set<string>>;
  /** Every key PUT so far (including deleted ones). */
  written: string[];
  close(): Promise<void>;
}

/** Virtual-hosted S3 hosts (`bucket.` + service host); anything else with an IP is path style. */
const S3_HOST =
  /^(?:(.+)\.)?(s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com|t3\.storage\.dev|fly\.storage\.tigris\.dev|s3\.[a-z0-9-]+\.backblazeb2\.com)$/;

const requestId = () => randomBytes(8).toString("hex").toUpperCase();

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

function xmlElements(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
}

/** An S3 error answer, as documented ("Error responses"): XML body, request id header. */
function s3Error(
  reply: FakeReply,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const id = requestId();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${xmlElements(extra)}<RequestId>${id}</RequestId><HostId>fake-host-id</HostId></Error>`;
  return reply.send({
    status,
    headers: { "content-type": "application/xml", "x-amz-request-id": id, ...headers },
    body,
  });
}

/** An STS (awsQuery) error answer. */
function stsError(reply: FakeReply, status: number, code: string, message: string) {
  const id = randomBytes(16).toString("hex");
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
  return reply.send({ status, headers: { "content-type": "text/xml", "x-amzn-requestid": id }, body });
}

function hostnameOf(host: string): string {
  return host.startsWith("[") ? host.slice(1, host.indexOf("]")) : (host.split(":")[0] ?? "");
}

/** Bucket and key of a request, from the host (virtual-hosted) or the path (path style). */
function addressOf(request: RecordedRequest): { bucket: string; key: string } {
  const hostname = hostnameOf(String(request.headers.host ?? ""));
  const path = request.url.pathname;
  const vhostBucket = isIP(hostname) ? undefined : S3_HOST.exec(hostname)?.[1];
  if (vhostBucket) return { bucket: vhostBucket, key: decodeURIComponent(path.slice(1)) };
  const [, bucket = "", ...rest] = path.split("/");
  return { bucket: decodeURIComponent(bucket), key: decodeURIComponent(rest.join("/")) };
}

function signatureMatches(request: RecordedRequest, auth: SigV4Authorization, secret: string): boolean {
  return expectedSignature(request, auth, secret) === auth.signature;
}

/**
 * A fake of Amazon S3 and AWS STS, built from their documentation, that verifies every SigV4 signature:
 * ListObjectsV2, PutObject and DeleteObject (path-style or virtual-hosted, by the Host header) and
 * AssumeRole, with the documented error codes — InvalidAccessKeyId, SignatureDoesNotMatch, InvalidToken,
 * AccessDenied, NoSuchBucket, and for a request signed for the wrong region a 301 PermanentRedirect (from
 * us-east-1) or 400 AuthorizationHeaderMalformed, both with `x-amz-bucket-region`. Tests reach it directly
 * (`endpoint`, path style) or as real AWS origins through origin overrides ({@link AwsFake.serve}).
 */
export async function startAwsFake(options: AwsFakeOptions): Promise<AwsFake> {
  const keys = new Map(Object.entries(options.keys));
  const objects = new Map<string, Set<string>>();
  for (const bucket of Object.keys(options.buckets))
    objects.set(bucket, new Set(options.objects?.[bucket] ?? []));
  const written: string[] = [];

  const assumeRole = (request: RecordedRequest, reply: FakeReply) => {
    const form = new URLSearchParams(request.body);
    if (form.get("Action") !== "AssumeRole")
      return stsError(reply, 400, "InvalidAction", "Unsupported action");
    const auth = parseAuthorization(request.headers.authorization);
    if (auth?.service !== "sts") return stsError(reply, 400, "IncompleteSignature", "Bad authorization");
    const key = keys.get(auth.accessKeyId);
    if (!key) {
      return stsError(
        reply,
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
      );
    }
    if (!signatureMatches(request, auth, key.secret)) {
      return stsError(
        reply,
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.",
      );
    }
    const roleArn = form.get("RoleArn") ?? "";
    const role = options.roles?.[roleArn];
    const externalIdOk = role?.externalId === undefined || role.externalId === form.get("ExternalId");
    if (!role?.trusted.includes(auth.accessKeyId) || !externalIdOk) {
      return stsError(
        reply,
        403,
        "AccessDenied",
        `User: arn:aws:iam::123456789012:user/fake is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const accessKeyId = `ASIA${randomBytes(8).toString("hex").toUpperCase()}`;
    const temporary: FakeKey = {
      secret: randomBytes(20).toString("base64"),
      sessionToken: randomBytes(48).toString("base64"),
      ...(role.list === undefined ? {} : { list: role.list }),
      ...(role.write === undefined ? {} : { write: role.write }),
    };
    keys.set(accessKeyId, temporary);
    const session = form.get("RoleSessionName") ?? "";
    const body = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>${escapeXml(roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/"))}/${escapeXml(session)}</Arn><AssumedRoleId>AROAFAKE:${escapeXml(session)}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${escapeXml(temporary.secret)}</SecretAccessKey><SessionToken>${escapeXml(temporary.sessionToken ?? "")}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
    return reply.send({ status: 200, headers: { "content-type": "text/xml" }, body });
  };

  const s3 = (request: RecordedRequest, reply: FakeReply) => {
    const auth = parseAuthorization(request.headers.authorization);
    if (!auth) return s3Error(reply, 403, "AccessDenied", "Access Denied");
    const key = keys.get(auth.accessKeyId);
    if (!key) {
      return s3Error(
        reply,
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        {
          AWSAccessKeyId: auth.accessKeyId,
        },
      );
    }
    const { bucket, key: objectKey } = addressOf(request);
    const bucketRegion = options.buckets[bucket];
    const stored = objects.get(bucket);
    if (bucketRegion === undefined || !stored) {
      return s3Error(reply, 404, "NoSuchBucket", "The specified bucket does not exist", {
        BucketName: bucket,
      });
    }
    if (auth.region !== bucketRegion) {
      const regionHeader = { "x-amz-bucket-region": bucketRegion };
      if (auth.region === "us-east-1") {
        return s3Error(
          reply,
          301,
          "PermanentRedirect",
          "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
          { Endpoint: `${bucket}.s3.${bucketRegion}.amazonaws.com`, Bucket: bucket },
          regionHeader,
        );
      }
      return s3Error(
        reply,
        400,
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${bucketRegion}'`,
        { Region: bucketRegion },
        regionHeader,
      );
    }
    if (!signatureMatches(request, auth, key.secret)) {
      return s3Error(
        reply,
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        { AWSAccessKeyId: auth.accessKeyId },
      );
    }
    const token = request.headers["x-amz-security-token"];
    if (key.sessionToken !== undefined || token !== undefined) {
      if (token !== key.sessionToken || !auth.signedHeaders.includes("x-amz-security-token")) {
        return s3Error(reply, 400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
      }
    }
    if (request.method === "GET" && objectKey === "" && request.url.searchParams.get("list-type") === "2") {
      if (key.list === false) return s3Error(reply, 403, "AccessDenied", "Access Denied");
      const prefix = request.url.searchParams.get("prefix") ?? "";
      const maxKeys = Number(request.url.searchParams.get("max-keys") ?? "1000");
      const matching = [...stored].filter((name) => name.startsWith(prefix)).sort();
      const page = matching.slice(0, maxKeys);
      const contents = page
        .map(
          (name) =>
            `<Contents><Key>${escapeXml(name)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join("");
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${matching.length > page.length}</IsTruncated>${contents}</ListBucketResult>`;
      return reply.send({
        status: 200,
        headers: { "content-type": "application/xml", "x-amz-request-id": requestId() },
        body,
      });
    }
    if ((request.method === "PUT" || request.method === "DELETE") && objectKey !== "") {
      if (key.write === false) return s3Error(reply, 403, "AccessDenied", "Access Denied");
      if (request.method === "PUT") {
        stored.add(objectKey);
        written.push(objectKey);
        const etag = createHash("md5").update(request.body).digest("hex");
        return reply.send({ status: 200, headers: { etag: `"${etag}"`, "x-amz-request-id": requestId() } });
      }
      stored.delete(objectKey);
      return reply.send({ status: 204, headers: { "x-amz-request-id": requestId() } });
    }
    return s3Error(
      reply,
      501,
      "NotImplemented",
      "The fake implements ListObjectsV2, PutObject and DeleteObject only.",
    );
  };

  const servers: FakeHttpServer[] = [];
  const requests: AwsFake["requests"] = [];
  /** A listener; `servedAs` fixes the host requests are taken to be sent to (the signed one). */
  const listen = (servedAs?: string) =>
    startFakeHttpServer((received, reply) => {
      const host = servedAs ?? String(received.headers.host ?? "");
      const request = { ...received, headers: { ...received.headers, host } };
      requests.push({ ...request, servedAs: host });
      return hostnameOf(host).startsWith("sts.") ? assumeRole(request, reply) : s3(request, reply);
    }).then((server) => {
      servers.push(server);
      return server;
    });
  const direct = await listen();
  return {
    url: direct.url,
    port: direct.port,
    requests,
    objects,
    written,
    serve: async (origins) => {
      const entries = await Promise.all(
        origins.map(async (origin) => [origin, (await listen(new URL(origin).host)).url] as const),
      );
      return Object.fromEntries(entries);
    },
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
