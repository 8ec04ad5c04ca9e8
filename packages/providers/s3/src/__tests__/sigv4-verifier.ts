import { createHash, createHmac } from "node:crypto";
import type { RecordedRequest } from "@plugboard/testkit";

/** The parts of a SigV4 `Authorization` header. */
export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; `undefined` when malformed. */
export function parseAuthorization(header: unknown): SigV4Authorization | undefined {
  const match = typeof header === "string" ? AUTHORIZATION.exec(header) : null;
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  return {
    accessKeyId: accessKeyId as string,
    date: date as string,
    region: region as string,
    service: service as string,
    signedHeaders: (signedHeaders as string).split(";"),
    signature: signature as string,
  };
}

/** RFC 3986 encoding, as SigV4 specifies for canonical query strings. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  return rawQuery
    .split("&")
    .filter((part) => part.length > 0)
    .map((part) => {
      const [key = "", value = ""] = part.split(/=(.*)/s);
      // `+` is not a space in SigV4: decode only percent escapes.
      return [rfc3986(decodeURIComponent(key)), rfc3986(decodeURIComponent(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

function headerValue(request: RecordedRequest, name: string): string {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return text.trim().replace(/\s+/g, " ");
}

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data, "utf8").digest();

/**
 * The signature a server holding `secret` computes for `request` (AWS Signature Version 4, as documented
 * in "Create a signed AWS API request"). S3 signs the path as sent; other services (STS) sign "/" here.
 */
export function expectedSignature(
  request: RecordedRequest,
  auth: SigV4Authorization,
  secret: string,
): string {
  const [path = "/", rawQuery = ""] = request.path.split(/\?(.*)/s);
  const payloadHash =
    headerValue(request, "x-amz-content-sha256") ||
    createHash("sha256").update(request.body, "utf8").digest("hex");
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery(rawQuery),
    `${auth.signedHeaders.map((name) => `${name}:${headerValue(request, name)}`).join("\n")}\n`,
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    headerValue(request, "x-amz-date"),
    scope,
    createHash("sha256").update(canonicalRequest, "utf8").digest("hex"),
  ].join("\n");
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${secret}`, auth.date), auth.region), auth.service),
    "aws4_request",
  );
  return createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
}
