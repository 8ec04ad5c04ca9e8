import { findEgressBlockedError } from "../egress/egress-blocked-error.js";
import type { FailureCategory } from "../result/categories.js";
import { isProviderCheckError } from "../result/provider-check-error.js";
import { errorChain } from "../util/error-chain.js";

/** A failure as the result model reports it, before secrets are scrubbed. */
export interface CategorizedFailure {
  category: FailureCategory;
  message: string;
  step?: string;
  providerResponse?: unknown;
  retryAfterSeconds?: number;
}

/** The abort reason used when a test's deadline passes. */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceededError";
  constructor(readonly timeoutMs: number) {
    super(`The test did not finish within ${timeoutMs} ms.`);
  }
}

/** The abort reason used when the caller's signal fires. */
export class TestCancelledError extends Error {
  override readonly name = "TestCancelledError";
  constructor() {
    super("The test was cancelled by the caller.");
  }
}

// Node and undici error codes, by what they mean for the user.
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "the connection was refused",
  ECONNRESET: "the connection was reset",
  EPIPE: "the connection was closed",
  ENOTFOUND: "the host name could not be resolved",
  EAI_AGAIN: "the host name could not be resolved (DNS did not answer)",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  EADDRNOTAVAIL: "the address is not available",
  UND_ERR_SOCKET: "the connection was closed unexpectedly",
  UND_ERR_CLOSED: "the connection was closed",
  ERR_SOCKET_CONNECTION_TIMEOUT: "the connection timed out",
};
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const TLS_CODE = /^(ERR_TLS_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_(GET|VERIFY)_|ERR_SSL_)/;

function codeOf(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/**
 * Maps anything a provider's `check()` threw to a result category and one human sentence. Authors throw
 * {@link ProviderCheckError} for provider-specific meanings; this covers the rest (aborts, egress refusals,
 * socket and DNS errors, TLS failures) so every provider reports them the same way.
 */
export function categorizeError(error: unknown, displayName: string): CategorizedFailure {
  for (const link of errorChain(error)) {
    if (isProviderCheckError(link)) {
      const failure: CategorizedFailure = { category: link.category, message: link.message };
      if (link.step !== undefined) failure.step = link.step;
      if (link.providerResponse !== undefined) failure.providerResponse = link.providerResponse;
      if (link.retryAfterSeconds !== undefined) failure.retryAfterSeconds = link.retryAfterSeconds;
      return failure;
    }
    if (link instanceof DeadlineExceededError || link instanceof TestCancelledError) {
      return { category: "timeout", message: link.message };
    }
    const blocked = findEgressBlockedError(link);
    if (blocked) {
      return {
        category: "blocked_by_policy",
        message: `The egress policy refused the connection: ${blocked.reason}.`,
      };
    }
  }
  for (const link of errorChain(error)) {
    const code = codeOf(link);
    if (code === undefined) continue;
    const network = NETWORK_CODES[code];
    if (network)
      return { category: "network_error", message: `Could not reach ${displayName}: ${network} (${code}).` };
    if (TIMEOUT_CODES.has(code)) {
      return { category: "timeout", message: `${displayName} did not answer in time (${code}).` };
    }
    if (TLS_CODE.test(code)) {
      const reason = link instanceof Error ? link.message : code;
      return {
        category: "network_error",
        message: `The TLS connection to ${displayName} failed: ${reason}.`,
      };
    }
  }
  const name = error instanceof Error ? error.name : typeof error;
  const detail = error instanceof Error && error.message ? `: ${error.message}` : "";
  return {
    category: "provider_error",
    message: `Unexpected error while testing ${displayName} (${name})${detail}`,
  };
}
