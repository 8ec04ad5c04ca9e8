import type { FailureCategory } from "./categories.js";

/** Options for {@link ProviderCheckError}. */
export interface ProviderCheckErrorOptions {
  /** The step that failed, when the error is thrown outside `ctx.step()`. */
  step?: string;
  /** A small excerpt of the provider's answer (error code, request id); secrets are scrubbed from it. */
  providerResponse?: unknown;
  /** Seconds the provider asked to wait (Retry-After), for `rate_limited`. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * What a provider's `check()` throws to report a categorised failure. Anything else it throws is
 * categorised by the core (network codes, aborts, egress refusals) or reported as `provider_error`.
 *
 * @example
 * throw new ProviderCheckError("auth_failed", "The access key was refused by S3 (InvalidAccessKeyId).", {
 *   providerResponse: { code: "InvalidAccessKeyId", request_id },
 * });
 */
export class ProviderCheckError extends Error {
  override readonly name = "ProviderCheckError";
  readonly category: FailureCategory;
  readonly step?: string;
  readonly providerResponse?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(category: FailureCategory, message: string, options: ProviderCheckErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.category = category;
    if (options.step !== undefined) this.step = options.step;
    if (options.providerResponse !== undefined) this.providerResponse = options.providerResponse;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Whether `error` is a {@link ProviderCheckError} (also across duplicated copies of the core package). */
export function isProviderCheckError(error: unknown): error is ProviderCheckError {
  return (
    error instanceof ProviderCheckError ||
    (error instanceof Error && error.name === "ProviderCheckError" && "category" in error)
  );
}
