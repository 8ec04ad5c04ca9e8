import { ProviderCheckError } from "@plugboard/core";

/** What a GaxiosError carries that the mapping needs (typed structurally: gaxios is not a direct dependency). */
interface HttpFailure {
  status?: number;
  response?: { status?: number; data?: unknown; headers?: unknown };
}

interface DriveErrorBody {
  error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string }> };
}

interface TokenErrorBody {
  error?: string;
  error_description?: string;
}

/** The HTTP answer inside an SDK error, or undefined when there was none (socket error, abort). */
function answerOf(error: unknown): { status: number; data: unknown; headers: unknown } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const response = (error as HttpFailure).response;
  if (!response || typeof response.status !== "number") return undefined;
  return { status: response.status, data: response.data, headers: response.headers };
}

function retryAfter(headers: unknown): number | undefined {
  // gaxios hands over the fetch Response's headers (a Headers-like object, possibly from undici's copy).
  const getter = (headers as { get?: unknown } | undefined)?.get;
  const value =
    typeof getter === "function"
      ? (getter as (name: string) => string | null).call(headers, "retry-after")
      : (headers as Record<string, unknown> | undefined)?.["retry-after"];
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * Maps a failed token request (`POST https://oauth2.googleapis.com/token`) to a category. Errors without
 * an HTTP answer are returned untouched so the core categorises the socket error or the abort.
 */
export function tokenFailure(error: unknown): unknown {
  const answer = answerOf(error);
  if (!answer) return error;
  const body = (typeof answer.data === "object" && answer.data !== null ? answer.data : {}) as TokenErrorBody;
  const code = body.error ?? `HTTP ${answer.status}`;
  const providerResponse = {
    status: answer.status,
    error: body.error,
    error_description: body.error_description,
  };
  const reason = body.error_description ? `${code}: ${body.error_description}` : code;
  if (answer.status >= 500)
    return new ProviderCheckError("provider_error", `Google's token endpoint failed (${reason}).`, {
      providerResponse,
    });
  if (answer.status === 429)
    return new ProviderCheckError("rate_limited", "Google's token endpoint is rate limiting requests.", {
      providerResponse,
      ...withRetryAfter(answer.headers),
    });
  if (body.error === "unauthorized_client")
    return new ProviderCheckError(
      "permission_denied",
      `Google refused to issue a token for these scopes (${reason}): in the Workspace admin console, allow ` +
        "the service account's client ID the scope https://www.googleapis.com/auth/drive.readonly for domain-wide delegation.",
      { providerResponse },
    );
  return new ProviderCheckError(
    "auth_failed",
    `Google refused the credentials (${reason}): create a new key or grant and paste it again.`,
    { providerResponse },
  );
}

function withRetryAfter(headers: unknown): { retryAfterSeconds?: number } {
  const seconds = retryAfter(headers);
  return seconds === undefined ? {} : { retryAfterSeconds: seconds };
}

const RATE_REASONS = new Set([
  "rateLimitExceeded",
  "userRateLimitExceeded",
  "dailyLimitExceeded",
  "quotaExceeded",
]);

/**
 * Maps a failed Drive API call to a category, naming `what` (e.g. `shared drive "0AB…"`) and what to do.
 * Errors without an HTTP answer are returned untouched.
 */
export function driveFailure(error: unknown, what: string): unknown {
  const answer = answerOf(error);
  if (!answer) return error;
  const body = (typeof answer.data === "object" && answer.data !== null ? answer.data : {}) as DriveErrorBody;
  const reason = body.error?.errors?.[0]?.reason;
  const message = body.error?.message ?? `HTTP ${answer.status}`;
  const providerResponse = { status: answer.status, reason, api_status: body.error?.status };
  if (answer.status === 401)
    return new ProviderCheckError("auth_failed", `Google Drive refused the access token (${message}).`, {
      providerResponse,
    });
  if (answer.status === 429 || (answer.status === 403 && reason !== undefined && RATE_REASONS.has(reason)))
    return new ProviderCheckError("rate_limited", `Google Drive is rate limiting requests (${message}).`, {
      providerResponse,
      ...withRetryAfter(answer.headers),
    });
  if (answer.status === 403) {
    const fix =
      reason === "accessNotConfigured" || body.error?.status === "SERVICE_DISABLED"
        ? "enable the Google Drive API in the service account's project"
        : reason === "insufficientPermissions"
          ? "grant the scope https://www.googleapis.com/auth/drive.readonly"
          : `share ${what} with the account (Viewer is enough)`;
    return new ProviderCheckError(
      "permission_denied",
      `The account may not read ${what} (${message}): ${fix}.`,
      {
        providerResponse,
      },
    );
  }
  if (answer.status === 404)
    return new ProviderCheckError(
      "not_found",
      `Google Drive cannot find ${what} (${message}): check the id and that it is shared with the account.`,
      { providerResponse },
    );
  return new ProviderCheckError("provider_error", `Google Drive answered ${answer.status} (${message}).`, {
    providerResponse,
  });
}
