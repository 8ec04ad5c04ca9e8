import { type CheckContext, defineProvider, ProviderCheckError } from "@plugboard/core";
import { type Credential, credentialFor, describeAuth, wrongCredentialFor } from "./credentials.js";
import { type FetchedResponse, fetchWithinHost } from "./fetch-within-host.js";
import { healthCheckUrl, withCredentialQuery } from "./health-check-url.js";
import { type HttpApiConfig, httpApiConfigSchema } from "./http-api-schema.js";
import { fetchClientCredentialsToken, tokenCacheKey } from "./oauth2-token.js";
import { responseExcerpt } from "./response-excerpt.js";
import { type FailureContext, statusFailure } from "./status-failure.js";

const USER_AGENT = "Plugboard (+https://plugboard.dev/docs/providers/http_api)";

/** Resolves to the outcome of a promise without ever rejecting, so a parallel probe cannot go unhandled. */
function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** The health check as this config defines it: where, how, and what counts as healthy. */
function planHealthCheck(config: HttpApiConfig) {
  const { method, path, expected_status: expectedStatus } = config.health_check;
  const url = healthCheckUrl(config.base_url, path);
  const isHealthy = (status: number) =>
    expectedStatus === undefined ? status >= 200 && status < 300 : status === expectedStatus;
  const context: FailureContext = {
    request: `${method} ${url.href}`,
    credentials: describeAuth(config.auth),
    authenticated: config.auth.type !== "none",
    ...(expectedStatus === undefined ? {} : { expectedStatus }),
  };
  const send = (ctx: CheckContext, credential: Credential): Promise<FetchedResponse> => {
    // A plain record keyed by lower-case name (a later source replaces an earlier one, as Headers.set
    // would): undici takes it without the copy a Headers object costs on every request.
    const headers: Record<string, string> = { accept: "*/*", "user-agent": USER_AGENT };
    for (const source of [config.headers ?? {}, credential.headers])
      for (const [name, value] of Object.entries(source)) headers[name.toLowerCase()] = value;
    // An expected 3xx is the answer itself; otherwise redirects within the host are followed.
    const follow = expectedStatus === undefined || expectedStatus < 300;
    return fetchWithinHost(ctx, withCredentialQuery(url, credential), { method, headers }, follow);
  };
  return { url, isHealthy, context, send };
}

type HealthCheckPlan = ReturnType<typeof planHealthCheck>;

/**
 * Sends the health check with a deliberately wrong credential. If that is accepted too, the endpoint does
 * not check authentication and the configured credentials prove nothing: reported as invalid_config,
 * since the config cannot be proven as it stands (a public endpoint must not read as "credentials valid").
 */
async function probeWrongCredential(
  ctx: CheckContext,
  config: HttpApiConfig,
  plan: HealthCheckPlan,
  wrong: Credential,
): Promise<number> {
  const { response } = await plan.send(ctx, wrong);
  const status = response.status;
  if (plan.isHealthy(status)) {
    await response.discard();
    throw new ProviderCheckError(
      "invalid_config",
      `The endpoint does not authenticate: it accepted a deliberately wrong credential as well (HTTP ${status} to ` +
        `${plan.context.request}), so ${describeAuth(config.auth)} cannot be proven. Point health_check.path at an ` +
        "endpoint that requires the credentials, or set auth to none if the API is public.",
      { providerResponse: { status, wrong_credential_accepted: true } },
    );
  }
  if (status === 429 || status >= 500) {
    throw statusFailure(response, await responseExcerpt(response), {
      ...plan.context,
      request: `${plan.context.request} (with a wrong credential)`,
    });
  }
  await response.discard();
  return status;
}

/** Runs the health check with the real credential; returns the healthy response, or throws its failure. */
async function runHealthCheck(
  ctx: CheckContext,
  plan: HealthCheckPlan,
  credential: Credential,
  onUnauthorized: () => void,
): Promise<FetchedResponse> {
  const fetched = await plan.send(ctx, credential);
  const { response, redirectedAway } = fetched;
  if (plan.isHealthy(response.status)) {
    await response.discard();
    return fetched;
  }
  if (redirectedAway) {
    await response.discard();
    const target = `${redirectedAway.origin}${redirectedAway.pathname}`;
    throw new ProviderCheckError(
      "invalid_config",
      `The API redirected ${plan.context.request} to another host (${target}), where credentials are not sent: ` +
        "set base_url to the address it redirects to.",
      { providerResponse: { status: response.status, location: target } },
    );
  }
  if (response.status === 401) onUnauthorized();
  throw statusFailure(response, await responseExcerpt(response), plan.context);
}

/** The OAuth2 token when configured (cached across tests), then the health check with the real credential. */
async function tokenThenHealthCheck(ctx: CheckContext, config: HttpApiConfig, plan: HealthCheckPlan) {
  const { auth } = config;
  let accessToken: string | undefined;
  let tokenCached: boolean | undefined;
  if (auth.type === "oauth2_client_credentials") {
    const obtained = await ctx.step("obtain access token", () =>
      ctx.tokens.getOrFetch(tokenCacheKey(auth), () => fetchClientCredentialsToken(ctx, auth)),
    );
    accessToken = obtained.token;
    tokenCached = obtained.cached;
  }
  const healthy = await ctx.step("health check", () =>
    runHealthCheck(ctx, plan, credentialFor(auth, accessToken), () => {
      // A refused token must not be served from the cache to the next test.
      if (auth.type === "oauth2_client_credentials") ctx.tokens.invalidate(tokenCacheKey(auth));
    }),
  );
  return { healthy, tokenCached };
}

/**
 * `http_api`: any HTTP API, reached at `base_url` with one of five auth methods. `test()` obtains a token
 * when OAuth2 is configured, sends the health check, and — when credentials are configured — proves the
 * endpoint checks them by sending a deliberately wrong one alongside.
 */
export default defineProvider({
  type: "http_api",
  displayName: "HTTP API",
  description: "Any HTTP API: a base URL, an auth method and a health-check request.",
  docsUrl: "https://plugboard.dev/docs/providers/http_api",
  configSchema: httpApiConfigSchema,
  secretFields: ["auth.password", "auth.token", "auth.value", "auth.client_secret"],
  // One health check (the wrong-credential probe runs alongside it); OAuth2 adds the token request
  // unless the token is cached.
  minimalRoundTrips: 1,
  async check(config, ctx) {
    const { auth } = config;
    const plan = planHealthCheck(config);
    const wrong = wrongCredentialFor(auth);
    // Started first: it needs no token, so it overlaps the token request and the health check.
    const wrongProbe = wrong
      ? settle(ctx.step("refuse a wrong credential", () => probeWrongCredential(ctx, config, plan, wrong)))
      : undefined;

    // Both settle before the test ends, so no request outlives it and every step is recorded.
    const [checked, probed] = await Promise.all([
      settle(tokenThenHealthCheck(ctx, config, plan)),
      wrongProbe,
    ]);
    if (!checked.ok) throw checked.error;
    if (probed && !probed.ok) throw probed.error;
    const { healthy, tokenCached } = checked.value;

    const status = healthy.response.status;
    const redirects = healthy.redirects > 0 ? ` after ${healthy.redirects} redirect(s)` : "";
    const token =
      tokenCached === undefined ? "" : `Obtained an access token${tokenCached ? " (cached)" : ""}; `;
    const message = probed
      ? `${token}${plan.context.request} answered ${status}${redirects} with ${describeAuth(auth)}, and ` +
        `${probed.value} to a wrong credential: the endpoint checks authentication.`
      : `${plan.context.request} answered ${status}${redirects} (no authentication configured).`;
    return {
      message,
      providerResponse: {
        status,
        final_url: `${healthy.url.origin}${healthy.url.pathname}`,
        redirects: healthy.redirects,
        ...(probed ? { wrong_credential_status: probed.value } : {}),
        ...(tokenCached === undefined ? {} : { token_cached: tokenCached }),
      },
    };
  },
});
