import { type CachedToken, type CheckContext, ProviderCheckError } from "@plugboard/core";
import { parseCertificateCredential, signClientAssertion } from "./client-assertion.js";
import { NATIONAL_CLOUDS, type SharepointConfig } from "./sharepoint-schema.js";

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
  error_codes?: number[];
  trace_id?: string;
  correlation_id?: string;
}

/** What the token cache is keyed by (hashed by the core; never stored). */
export function tokenCacheKey(config: SharepointConfig): unknown {
  return {
    provider: "sharepoint",
    tenant: config.tenant_id,
    client: config.client_id,
    cloud: config.cloud,
    credentials: config.credentials,
  };
}

/** The token endpoint of the tenant in its cloud; also the `aud` of a client assertion. */
export function tokenUrl(config: SharepointConfig): string {
  return `${NATIONAL_CLOUDS[config.cloud].login}/${encodeURIComponent(config.tenant_id)}/oauth2/v2.0/token`;
}

/**
 * Gets an app-only Graph token with the client-credentials grant: one form POST, through the egress guard.
 * (A small client instead of @azure/identity: see docs/decisions/0011-sharepoint-token-client.md.)
 */
export async function fetchGraphToken(config: SharepointConfig, ctx: CheckContext): Promise<CachedToken> {
  const url = tokenUrl(config);
  const form = new URLSearchParams({
    client_id: config.client_id,
    scope: `${NATIONAL_CLOUDS[config.cloud].graph}/.default`,
    grant_type: "client_credentials",
  });
  const { credentials } = config;
  if (credentials.type === "client_secret") form.set("client_secret", credentials.client_secret);
  else {
    const credential = parseCertificateCredential(
      credentials.certificate,
      credentials.private_key,
      credentials.private_key_passphrase,
    );
    form.set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.set("client_assertion", signClientAssertion(credential, config.client_id, url));
  }
  const response = await ctx.fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: form,
    signal: ctx.signal,
  });
  const body = (await response.json().catch(() => ({}))) as TokenAnswer;
  if (response.ok && body.access_token)
    return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3599) * 1000 };
  throw tokenFailure(response, body, config);
}

const AADSTS = /AADSTS(\d+)/;

function tokenFailure(response: Response, body: TokenAnswer, config: SharepointConfig): ProviderCheckError {
  const code = body.error_codes?.[0] ?? Number(AADSTS.exec(body.error_description ?? "")?.[1] ?? Number.NaN);
  const providerResponse = {
    status: response.status,
    error: body.error,
    aadsts: Number.isFinite(code) ? `AADSTS${code}` : undefined,
    trace_id: body.trace_id,
    correlation_id: body.correlation_id,
  };
  const fail = (category: "auth_failed" | "not_found" | "provider_error" | "rate_limited", message: string) =>
    new ProviderCheckError(category, message, { providerResponse });
  if (response.status === 429)
    return fail("rate_limited", "Microsoft Entra ID is rate limiting token requests.");
  if (response.status >= 500)
    return fail("provider_error", `Microsoft Entra ID's token endpoint failed (HTTP ${response.status}).`);
  switch (code) {
    case 7000215:
      return fail(
        "auth_failed",
        "Entra ID refused the client secret (AADSTS7000215): use the secret's Value, not its ID.",
      );
    case 7000222:
      return fail(
        "auth_failed",
        "The client secret has expired (AADSTS7000222): create a new one in the app registration.",
      );
    case 700016:
      return fail(
        "auth_failed",
        `Entra ID knows no application ${config.client_id} in tenant ${config.tenant_id} (AADSTS700016): check client_id and tenant_id.`,
      );
    case 90002:
    case 900023:
      return fail(
        "not_found",
        `Entra ID cannot find tenant "${config.tenant_id}" (AADSTS${code}): check tenant_id and cloud.`,
      );
    case 700027:
    case 700024:
    case 7000274:
      return fail(
        "auth_failed",
        `Entra ID refused the certificate assertion (AADSTS${code}): upload this certificate to the app registration and check the clock.`,
      );
    default:
      return fail(
        "auth_failed",
        `Entra ID refused the credentials (${providerResponse.aadsts ?? body.error ?? `HTTP ${response.status}`}).`,
      );
  }
}
