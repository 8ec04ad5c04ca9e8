/** The parts of an AWS SDK service exception the checks read (the SDK's error classes are not imported). */
export interface AwsServiceError {
  /** The service's error code (`NoSuchBucket`), or `Unknown` / `NotFound` when the body carried none. */
  code: string;
  status: number;
  message: string;
  requestId?: string;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** Other fields the SDK parsed from the error body (`Region`, `Endpoint`, `BucketName`…). */
  fields: Record<string, unknown>;
}

/**
 * Reads an error thrown by an SDK client's `send()`: a service exception (the server answered) carries
 * `$metadata.httpStatusCode`; anything else — socket errors, aborts, egress refusals — returns `undefined`
 * and is left to the core to categorise.
 */
export function readAwsServiceError(error: unknown): AwsServiceError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const metadata = record.$metadata as { httpStatusCode?: unknown; requestId?: unknown } | undefined;
  const status = metadata?.httpStatusCode;
  if (typeof status !== "number") return undefined;
  const response = record.$response as { headers?: Record<string, string> } | undefined;
  const code =
    typeof record.Code === "string" ? record.Code : typeof record.name === "string" ? record.name : "Unknown";
  const message = typeof record.message === "string" ? record.message : "";
  const serviceError: AwsServiceError = {
    code,
    status,
    message: message === "UnknownError" ? "" : message,
    headers: response?.headers ?? {},
    fields: record,
  };
  const requestId = metadata?.requestId ?? serviceError.headers["x-amz-request-id"];
  if (typeof requestId === "string") serviceError.requestId = requestId;
  return serviceError;
}

/** A small, non-secret excerpt of a service error for `provider_response`. */
export function serviceErrorExcerpt(error: AwsServiceError): Record<string, unknown> {
  return {
    status: error.status,
    code: error.code,
    ...(error.requestId ? { request_id: error.requestId } : {}),
  };
}

/** Seconds from a `Retry-After` header, when it holds a positive number. */
export function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const value = Number(headers["retry-after"]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
