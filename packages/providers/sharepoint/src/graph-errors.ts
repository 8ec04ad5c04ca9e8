import { ProviderCheckError } from "@plugboard/core";

interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: { "request-id"?: string; date?: string } };
}

/** Maps a Graph error answer (`{ error: { code, message, innerError } }`) to a category, naming `what`. */
export function graphFailure(response: Response, body: unknown, what: string): ProviderCheckError {
  const error =
    (typeof body === "object" && body !== null ? (body as GraphErrorBody).error : undefined) ?? {};
  const message = error.message ?? `HTTP ${response.status}`;
  const providerResponse = {
    status: response.status,
    code: error.code,
    request_id: error.innerError?.["request-id"] ?? response.headers.get("request-id") ?? undefined,
  };
  const fail = (category: ConstructorParameters<typeof ProviderCheckError>[0], sentence: string) =>
    new ProviderCheckError(category, sentence, { providerResponse });
  if (response.status === 401)
    return fail(
      "auth_failed",
      `Microsoft Graph refused the access token (${error.code ?? "401"}: ${message}).`,
    );
  if (response.status === 403)
    return fail(
      "permission_denied",
      `The app may not read ${what} (${error.code ?? "403"}: ${message}): grant the application permission ` +
        "Sites.Read.All with admin consent, or Sites.Selected plus a read grant on this site.",
    );
  if (response.status === 404)
    return fail("not_found", `Microsoft Graph cannot find ${what} (${error.code ?? "404"}: ${message}).`);
  if (response.status === 400 && /hostname/i.test(message))
    return fail("not_found", `${what} is not in this tenant (${message}): check site_url and tenant_id.`);
  if (response.status === 429 || response.status === 503) {
    const retryAfter = Number(response.headers.get("retry-after"));
    return new ProviderCheckError("rate_limited", `Microsoft Graph is throttling requests (${message}).`, {
      providerResponse,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  return fail(
    "provider_error",
    `Microsoft Graph answered ${response.status} (${error.code ?? "no code"}: ${message}).`,
  );
}
