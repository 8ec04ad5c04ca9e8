import {
  type CachedToken,
  type CheckContext,
  type FailureCategory,
  type GuardedHttpResponse,
  ProviderCheckError,
  retryAfterSeconds,
} from "@plugboard/core";
import type { HttpApiAuth } from "./http-api-schema.js";

/** The OAuth2 client-credentials auth method. */
export type ClientCredentialsAuth = Extract<HttpApiAuth, { type: "oauth2_client_credentials" }>;

/** A token response is a small JSON object; anything bigger is not one. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1_024;
const MAX_DESCRIPTION_LENGTH = 200;

/**
 * RFC 6749 §5.2 error codes → category and what to do. `invalid_scope` is permission_denied: with client
 * credentials it almost always means the client was not granted that scope (a misspelt scope reads the
 * same to the server, so the sentence names both fixes).
 */
const TOKEN_ERRORS: Record<string, { category: FailureCategory; advice: string }> = {
  invalid_client: {
    category: "auth_failed",
    advice: "the client id or secret is wrong, or client_auth does not match what the server expects",
  },
  invalid_grant: {
    category: "auth_failed",
    advice: "the server refused the grant; check the client's credentials",
  },
  unauthorized_client: {
    category: "permission_denied",
    advice: "this client may not use the client_credentials grant; enable it for the client on the server",
  },
  invalid_scope: {
    category: "permission_denied",
    advice: "grant the client the requested scope, or fix scope",
  },
  unsupported_grant_type: {
    category: "invalid_config",
    advice: "the server does not offer the client_credentials grant; use another auth method",
  },
  invalid_request: {
    category: "invalid_config",
    advice: "the server could not read the token request; check token_url and client_auth",
  },
};

/** The form-urlencoding RFC 6749 §2.3.1 applies to the client id and secret before Basic encoding. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** The token request: `grant_type=client_credentials`, the scope and audience, and the client's credentials. */
function tokenRequest(auth: ClientCredentialsAuth): { headers: Record<string, string>; body: string } {
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (auth.scope) form.set("scope", auth.scope);
  if (auth.audience) form.set("audience", auth.audience);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (auth.client_auth === "basic") {
    const pair = `${formEncode(auth.client_id)}:${formEncode(auth.client_secret)}`;
    headers.authorization = `Basic ${Buffer.from(pair, "utf8").toString("base64")}`;
  } else {
    form.set("client_id", auth.client_id);
    form.set("client_secret", auth.client_secret);
  }
  return { headers, body: form.toString() };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The failure for a token endpoint's error answer: by RFC 6749 error code first, HTTP status second. */
function tokenFailure(
  response: GuardedHttpResponse,
  body: Record<string, unknown> | undefined,
): ProviderCheckError {
  const code = typeof body?.error === "string" ? body.error.slice(0, 64) : undefined;
  const description =
    typeof body?.error_description === "string"
      ? body.error_description.slice(0, MAX_DESCRIPTION_LENGTH)
      : undefined;
  const providerResponse = {
    status: response.status,
    ...(code ? { error: code } : {}),
    ...(description ? { error_description: description } : {}),
  };
  const known = code === undefined ? undefined : TOKEN_ERRORS[code];
  if (known) {
    const detail = description ? `${code}: ${description}` : code;
    return new ProviderCheckError(
      known.category,
      `The token endpoint refused the request (${detail}): ${known.advice}.`,
      {
        providerResponse,
      },
    );
  }
  const status = response.status;
  const wait = retryAfterSeconds(response.headers);
  const reason = code ? ` (${code})` : "";
  if (status === 401)
    return new ProviderCheckError(
      "auth_failed",
      `The token endpoint refused the client credentials (HTTP 401${reason}): check client_id and client_secret.`,
      { providerResponse },
    );
  if (status === 403)
    return new ProviderCheckError(
      "permission_denied",
      `The token endpoint refused the client (HTTP 403${reason}).`,
      {
        providerResponse,
      },
    );
  if (status === 404)
    return new ProviderCheckError("not_found", "The token endpoint answered 404: check token_url.", {
      providerResponse,
    });
  if (status === 429)
    return new ProviderCheckError(
      "rate_limited",
      "The token endpoint is rate limiting requests (HTTP 429); retry later.",
      { providerResponse, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
    );
  return new ProviderCheckError("provider_error", `The token endpoint answered HTTP ${status}${reason}.`, {
    providerResponse,
  });
}

/**
 * Obtains an access token with the client-credentials grant (RFC 6749 §4.4) through the egress guard.
 * The token endpoint's documented errors become categorised failures; a success must carry a bearer
 * `access_token`. The token is cached by the caller until its `expires_in` (not at all without one).
 */
export async function fetchClientCredentialsToken(
  ctx: CheckContext,
  auth: ClientCredentialsAuth,
): Promise<CachedToken> {
  const { headers, body } = tokenRequest(auth);
  // One hop: ctx.request never follows a redirect, and a token request is not re-sent elsewhere.
  const response = await ctx.request(auth.token_url, { method: "POST", headers, body, signal: ctx.signal });
  if (response.status >= 300 && response.status < 400) {
    await response.discard();
    throw new ProviderCheckError(
      "invalid_config",
      `The token endpoint redirected (HTTP ${response.status}); set token_url to the final address.`,
      { providerResponse: { status: response.status } },
    );
  }
  const { text } = await response.readText(MAX_TOKEN_RESPONSE_BYTES);
  const json = parseJson(text);
  if (response.status < 200 || response.status >= 300) throw tokenFailure(response, json);

  const token = json?.access_token;
  if (typeof token !== "string" || token.length === 0) {
    throw new ProviderCheckError(
      "provider_error",
      "The token endpoint answered without an access_token: check token_url points at an OAuth2 token endpoint.",
      { providerResponse: { status: response.status } },
    );
  }
  const tokenType = json?.token_type;
  if (typeof tokenType === "string" && tokenType.toLowerCase() !== "bearer") {
    throw new ProviderCheckError(
      "provider_error",
      `The token endpoint issued a "${tokenType.slice(0, 32)}" token; only bearer tokens are supported.`,
      { providerResponse: { status: response.status, token_type: tokenType.slice(0, 32) } },
    );
  }
  const expiresIn = Number(json?.expires_in);
  // Without a lifetime the token is used once and not cached: guessing one could reuse a dead token.
  const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1_000 : Date.now();
  return { token, expiresAt };
}

/** The token cache key: everything that decides which token the server issues. */
export function tokenCacheKey(auth: ClientCredentialsAuth): unknown {
  return {
    provider: "http_api",
    token_url: auth.token_url,
    client_id: auth.client_id,
    client_secret: auth.client_secret,
    scope: auth.scope,
    audience: auth.audience,
    client_auth: auth.client_auth,
  };
}
