import { createPrivateKey } from "node:crypto";
import { type CachedToken, type CheckContext, ProviderCheckError, repairPem } from "@plugboard/core";
import type { GoogleDriveConfig } from "./google-drive-schema.js";

/** Scope requested for every service-account token: a sync reads files, nothing more. */
export const DRIVE_READONLY_SCOPE = "https://www.googleapis.com/auth/drive.readonly";

/**
 * Options for every gaxios transport the SDK builds: requests through the egress guard, cancelled with
 * the test, and never retried (google-auth-library asks for three retries on the token POST otherwise).
 */
export function gaxiosOptions(ctx: CheckContext) {
  return {
    fetchImplementation: ctx.fetch,
    signal: ctx.signal,
    retry: false,
    retryConfig: { retry: 0, noResponseRetries: 0 },
  };
}

/** What the token cache is keyed by (hashed by the core; never stored). */
export function tokenCacheKey(config: GoogleDriveConfig): unknown {
  return {
    provider: "google_drive",
    credentials: config.credentials,
    subject: config.subject,
    scope: DRIVE_READONLY_SCOPE,
  };
}

/**
 * Exchanges the credentials for an access token with google-auth-library (the copy bundled with
 * `@googleapis/drive`), always with an explicit scope: without one the library signs a self-issued JWT
 * and never asks Google, so a revoked key would look valid.
 */
export async function fetchGoogleToken(config: GoogleDriveConfig, ctx: CheckContext): Promise<CachedToken> {
  const { auth } = await import("@googleapis/drive");
  const transporterOptions = gaxiosOptions(ctx);
  const { credentials } = config;
  if (credentials.type === "service_account") {
    const key = repairPem(credentials.private_key);
    assertPrivateKey(key);
    const client = new auth.JWT({
      email: credentials.client_email,
      key,
      keyId: credentials.private_key_id,
      scopes: [DRIVE_READONLY_SCOPE],
      ...(config.subject ? { subject: config.subject } : {}),
      transporterOptions,
    });
    const issued = await client.authorize();
    return asCachedToken(issued.access_token, issued.expiry_date);
  }
  const client = new auth.OAuth2({
    clientId: credentials.client_id,
    clientSecret: credentials.client_secret,
    transporterOptions,
  });
  client.setCredentials({ refresh_token: credentials.refresh_token });
  const { token } = await client.getAccessToken();
  return asCachedToken(token, client.credentials.expiry_date);
}

function asCachedToken(token: string | null | undefined, expiresAt: number | null | undefined): CachedToken {
  if (!token)
    throw new ProviderCheckError("provider_error", "Google's token endpoint answered without a token.");
  // Google documents tokens of one hour; assume less when the answer does not say.
  return { token, expiresAt: expiresAt ?? Date.now() + 30 * 60_000 };
}

function assertPrivateKey(pem: string): void {
  try {
    createPrivateKey(pem);
  } catch {
    throw new ProviderCheckError(
      "invalid_config",
      "credentials.private_key is not a PEM private key: paste the whole key JSON of the service account again.",
    );
  }
}
