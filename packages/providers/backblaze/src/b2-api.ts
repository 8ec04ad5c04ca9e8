import { type CheckContext, ProviderCheckError } from "@plugboard/core";

/** The B2 native API's fixed origin: only `b2_authorize_account` goes there; it names the rest. */
export const B2_API_ORIGIN = "https://api.backblazeb2.com";
/** The native API version used (v4: multi-bucket keys; such keys are refused by older versions). */
export const B2_API_VERSION = "v4";

/** B2's documented error body: `{ "status": 401, "code": "unauthorized", "message": "…" }`. */
export interface B2ErrorBody {
  status?: number;
  code?: string;
  message?: string;
}

/** Which call failed, for messages and for what a 401 `unauthorized` means there. */
export interface B2CallContext {
  /** `b2_authorize_account`, `b2_list_buckets`… */
  call: string;
  /** What the call attempts, e.g. `list bucket "backups"`. */
  attempt: string;
  /** The capability the call needs, named in permission failures. */
  capability?: string;
}

const CAP_CODES = new Set([
  "transaction_cap_exceeded",
  "download_cap_exceeded",
  "storage_cap_exceeded",
  "cap_exceeded",
]);

function excerpt(status: number, body: B2ErrorBody): Record<string, unknown> {
  return { status, ...(body.code ? { code: body.code } : {}) };
}

/** Maps a B2 error answer (documented codes per status) to a result category and what to do. */
export function b2Failure(
  status: number,
  body: B2ErrorBody,
  context: B2CallContext,
  retryAfter?: number,
): ProviderCheckError {
  const code = body.code ?? `HTTP ${status}`;
  const providerResponse = excerpt(status, body);
  const detail = body.message ? `${code}: ${body.message.slice(0, 200)}` : code;
  if (code === "bad_auth_token" || code === "expired_auth_token" || code === "unsupported") {
    return new ProviderCheckError("auth_failed", `Backblaze B2 refused the authorization (${detail}).`, {
      providerResponse,
    });
  }
  if (status === 401 && context.call === "b2_authorize_account") {
    return new ProviderCheckError(
      "auth_failed",
      `Backblaze B2 refused the application key ID or key (${detail}): check both, and that the key was not deleted.`,
      { providerResponse },
    );
  }
  if (status === 401 || code === "access_denied") {
    return new ProviderCheckError(
      "permission_denied",
      `The application key may not ${context.attempt} (${detail})${context.capability ? `: it needs the ${context.capability} capability for this bucket` : ""}.`,
      { providerResponse },
    );
  }
  if (CAP_CODES.has(code)) {
    return new ProviderCheckError(
      "rate_limited",
      `The account reached a Backblaze B2 cap (${detail}): raise it under Caps & Alerts, or wait for the daily reset.`,
      { providerResponse },
    );
  }
  if (status === 429 || code === "too_many_requests") {
    return new ProviderCheckError("rate_limited", `Backblaze B2 asked to slow down (${detail}).`, {
      providerResponse,
      ...(retryAfter ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (status === 404) {
    return new ProviderCheckError(
      "not_found",
      `Backblaze B2 found nothing to ${context.attempt} (${detail}).`,
      {
        providerResponse,
      },
    );
  }
  return new ProviderCheckError(
    "provider_error",
    `Backblaze B2 answered HTTP ${status} to ${context.call} (${detail}).`,
    {
      providerResponse,
    },
  );
}

/** One B2 request and its JSON answer; an error answer becomes a categorised failure. */
export async function b2Request<T>(
  ctx: CheckContext,
  url: string,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string | Uint8Array },
  context: B2CallContext,
): Promise<T> {
  const response = await ctx.fetch(url, {
    method: init.method,
    headers: init.headers,
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: ctx.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get("retry-after"));
    throw b2Failure(
      response.status,
      (typeof json === "object" && json !== null ? json : {}) as B2ErrorBody,
      context,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  if (typeof json !== "object" || json === null) {
    throw new ProviderCheckError(
      "provider_error",
      `Backblaze B2 answered ${context.call} with something other than JSON.`,
    );
  }
  return json as T;
}
