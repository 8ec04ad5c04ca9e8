import { createPrivateKey, createSign, type KeyObject, randomBytes } from "node:crypto";
import { type CachedToken, type CheckContext, ProviderCheckError, repairPem } from "@plugboard/core";
import type { BoxConfig } from "./box-schema.js";

/** Box's token endpoint; also the `aud` of a JWT assertion. */
export const BOX_TOKEN_URL = "https://api.box.com/oauth2/token";

type ServerCredentials = Exclude<BoxConfig["credentials"], { type: "developer_token" }>;
type AppConfig = Extract<BoxConfig["credentials"], { type: "jwt" }>["app_config"];

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/** What the token cache is keyed by (hashed by the core; never stored). */
export function tokenCacheKey(credentials: ServerCredentials): unknown {
  return { provider: "box", credentials };
}

function readKey(app: AppConfig): KeyObject {
  const { privateKey, passphrase } = app.boxAppSettings.appAuth;
  try {
    return createPrivateKey({ key: repairPem(privateKey), passphrase });
  } catch {
    throw new ProviderCheckError(
      "invalid_config",
      passphrase
        ? "The app config's privateKey could not be decrypted with its passphrase: download the config JSON again."
        : "The app config's privateKey could not be read: an encrypted key needs its passphrase.",
    );
  }
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The JWT assertion Box documents: RS256 with `kid`, `box_sub_type`, `aud` the token URL, under 60 s of life. */
export function signBoxAssertion(app: AppConfig): string {
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: "RS256", typ: "JWT", kid: app.boxAppSettings.appAuth.publicKeyID });
  const payload = encode({
    iss: app.boxAppSettings.clientID,
    sub: app.userID ?? app.enterpriseID,
    box_sub_type: app.userID ? "user" : "enterprise",
    aud: BOX_TOKEN_URL,
    jti: randomBytes(24).toString("base64url"),
    exp: now + 45,
  });
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(readKey(app), "base64url");
  return `${header}.${payload}.${signature}`;
}

function tokenForm(credentials: ServerCredentials): URLSearchParams {
  if (credentials.type === "client_credentials")
    return new URLSearchParams({
      grant_type: "client_credentials",
      client_id: credentials.client_id,
      client_secret: credentials.client_secret,
      box_subject_type: credentials.subject_type,
      box_subject_id: credentials.subject_id,
    });
  const settings = credentials.app_config.boxAppSettings;
  return new URLSearchParams({
    grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    client_id: settings.clientID,
    client_secret: settings.clientSecret,
    assertion: signBoxAssertion(credentials.app_config),
  });
}

/** Exchanges JWT-app or client-credentials credentials for an access token: one form POST through the guard. */
export async function fetchBoxToken(credentials: ServerCredentials, ctx: CheckContext): Promise<CachedToken> {
  const response = await ctx.fetch(BOX_TOKEN_URL, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: tokenForm(credentials),
    signal: ctx.signal,
  });
  const body = (await response.json().catch(() => ({}))) as TokenAnswer;
  if (response.ok && body.access_token)
    return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
  const providerResponse = {
    status: response.status,
    error: body.error,
    error_description: body.error_description,
  };
  const reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
  if (response.status === 429)
    throw new ProviderCheckError("rate_limited", "Box is rate limiting token requests.", {
      providerResponse,
    });
  if (response.status >= 500)
    throw new ProviderCheckError("provider_error", `Box's token endpoint failed (${reason}).`, {
      providerResponse,
    });
  if (body.error === "unauthorized_client")
    throw new ProviderCheckError(
      "permission_denied",
      `Box refused this subject for the app (${reason}): enable "App + Enterprise Access" (or "Generate user access tokens") and have an admin re-authorize the app.`,
      { providerResponse },
    );
  const fix =
    body.error === "invalid_grant"
      ? "check the app is authorized in the Admin Console, the subject id, and that the public key is still on the app"
      : "check the client ID and secret";
  throw new ProviderCheckError("auth_failed", `Box refused the credentials (${reason}): ${fix}.`, {
    providerResponse,
  });
}
