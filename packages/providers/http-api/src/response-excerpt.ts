import type { GuardedHttpResponse } from "@plugboard/core";

/** Error-body fields worth showing (RFC 6749 errors, RFC 9457 problem details, common API shapes). */
const EXCERPT_FIELDS = ["error", "error_description", "code", "message", "title", "detail"] as const;
/** Bytes of an error body read at most: enough for an error object, never a whole page. */
const MAX_EXCERPT_BYTES = 4_096;
const MAX_FIELD_LENGTH = 200;

/** A small, readable excerpt of an error response: its status, request id and error fields. */
export type ResponseExcerpt = Record<string, string | number>;

/**
 * The status, request id and the error fields of a JSON error body (each cut to 200 characters). The body
 * is consumed. Secrets are scrubbed by the core; this only keeps the excerpt small.
 */
export async function responseExcerpt(response: GuardedHttpResponse): Promise<ResponseExcerpt> {
  const excerpt: ResponseExcerpt = { status: response.status };
  const requestId = response.headers.get("x-request-id") ?? response.headers.get("request-id");
  if (requestId) excerpt.request_id = requestId.slice(0, MAX_FIELD_LENGTH);
  const contentType = response.headers.get("content-type") ?? "";
  if (!/\bjson\b/i.test(contentType)) {
    await response.discard();
    return excerpt;
  }
  try {
    const body: unknown = JSON.parse((await response.readText(MAX_EXCERPT_BYTES)).text);
    if (typeof body === "object" && body !== null) {
      for (const field of EXCERPT_FIELDS) {
        const value = (body as Record<string, unknown>)[field];
        if (typeof value === "string" || typeof value === "number")
          excerpt[field] = typeof value === "string" ? value.slice(0, MAX_FIELD_LENGTH) : value;
      }
    }
  } catch {
    // A truncated or non-JSON body: the status says enough.
  }
  return excerpt;
}
