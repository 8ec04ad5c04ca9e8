import { ProviderCheckError } from "@plugboard/core";

interface BoxErrorBody {
  type?: string;
  status?: number;
  code?: string;
  message?: string;
  request_id?: string;
}

/** Maps a Box API error (`{ type: "error", status, code, message, request_id }`) to a category, naming `what`. */
export function boxFailure(response: Response, body: unknown, what: string): ProviderCheckError {
  const error = (typeof body === "object" && body !== null ? body : {}) as BoxErrorBody;
  const providerResponse = { status: response.status, code: error.code, request_id: error.request_id };
  const reason = error.code ?? `HTTP ${response.status}`;
  if (response.status === 401) {
    // Box answers an invalid or expired token with an empty body and the reason in WWW-Authenticate.
    const described = /error_description="([^"]*)"/.exec(response.headers.get("www-authenticate") ?? "")?.[1];
    return new ProviderCheckError(
      "auth_failed",
      `Box refused the access token (${described ?? reason}); a developer token lasts 60 minutes, so create a new one.`,
      { providerResponse },
    );
  }
  if (response.status === 403)
    return new ProviderCheckError(
      "permission_denied",
      `The app may not read ${what} (${reason}): collaborate the app's service account on it, or enable "Read all files and folders" and re-authorize the app.`,
      { providerResponse },
    );
  if (response.status === 404)
    return new ProviderCheckError(
      "not_found",
      `Box cannot find ${what} (${reason}): check the id and that it is shared with the app.`,
      {
        providerResponse,
      },
    );
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("retry-after"));
    return new ProviderCheckError("rate_limited", "Box is rate limiting requests.", {
      providerResponse,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  return new ProviderCheckError("provider_error", `Box answered ${response.status} (${reason}).`, {
    providerResponse,
  });
}
