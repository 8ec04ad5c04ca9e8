import { ProviderCheckError } from "@plugboard/core";

/** Meta Graph API's documented error body. */
export interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    fbtrace_id?: string;
    is_transient?: boolean;
  };
}

const EXPIRED_SUBCODES = new Set([460, 463]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613, 80002]);

/**
 * Maps a Graph error by its `code` and `error_subcode` (not by HTTP status, as Meta's own SDKs do):
 * 190 → auth_failed ("expired" said when it is), 10 and 200–299 → permission_denied, 4/17/32/613 →
 * rate_limited, 100 + subcode 33 → not_found, 1/2 → provider_error. `tokenHint` is added to a refused (not
 * expired) token's message.
 */
export function graphFailure(
  status: number,
  body: GraphErrorBody,
  what: string,
  tokenHint?: string,
): ProviderCheckError {
  const error = body.error ?? {};
  const code = error.code ?? 0;
  const subcode = error.error_subcode;
  const providerResponse = {
    status,
    code,
    ...(subcode ? { subcode } : {}),
    ...(error.fbtrace_id ? { fbtrace_id: error.fbtrace_id } : {}),
  };
  const detail = (error.message ?? `HTTP ${status}`).slice(0, 300);
  if (
    code === 190 ||
    code === 102 ||
    (subcode !== undefined && [458, 459, 460, 463, 464, 467, 492].includes(subcode))
  ) {
    const expired = subcode !== undefined && EXPIRED_SUBCODES.has(subcode);
    return new ProviderCheckError(
      "auth_failed",
      expired
        ? "The access token has expired or its session was invalidated: reconnect the account to get a new token."
        : `The access token was refused (${detail}).${tokenHint ? ` ${tokenHint}` : ""}`,
      { providerResponse },
    );
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return new ProviderCheckError(
      "permission_denied",
      `The token lacks a permission for ${what} (${detail}): grant instagram_basic (Facebook Login) or instagram_business_basic (Instagram Login).`,
      { providerResponse },
    );
  }
  if (RATE_LIMIT_CODES.has(code))
    return new ProviderCheckError("rate_limited", `Meta is rate limiting this app or account (${detail}).`, {
      providerResponse,
    });
  if (code === 100 && subcode === 33) {
    return new ProviderCheckError("not_found", `${what} does not exist or is not visible to this token.`, {
      providerResponse,
    });
  }
  if (code === 100)
    return new ProviderCheckError("invalid_config", `Graph refused the request (${detail}).`, {
      providerResponse,
    });
  return new ProviderCheckError("provider_error", `Graph answered ${status} (${detail}).`, {
    providerResponse,
  });
}
