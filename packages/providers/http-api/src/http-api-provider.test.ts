import { createTokenCache, type EgressGuardFactory, type TestOptions } from "@plugboard/core";
import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { API, type HttpApiFakeOptions, startHttpApiFake } from "./__tests__/http-api-fake.js";
import provider from "./http-api-provider.js";

const bearer = (token: string = API.token) => ({ type: "bearer", token });
const basicAuth = (password: string = API.password) => ({ type: "basic", username: API.username, password });
const oauth2 = (overrides: Record<string, unknown> = {}) => ({
  type: "oauth2_client_credentials",
  client_id: API.client.id,
  client_secret: API.client.secret,
  scope: "reports.read",
  ...overrides,
});

/** A conformance scenario: the fake API, and a config pointing at one of its paths. */
const against =
  (path: string, auth: unknown = bearer()) =>
  async () => {
    const fake = await startHttpApiFake();
    return { config: { base_url: `${fake.url}/v1`, auth, health_check: { path } }, cleanup: fake.close };
  };

describe("http_api provider", () => {
  testProviderConformance({
    provider,
    validConfigs: [
      { base_url: "https://api.example.com/v1", auth: bearer("tok_abcdef"), health_check: { path: "/me" } },
      { base_url: "https://api.example.com" },
      {
        base_url: "http://10.1.2.3:8080/api",
        auth: { type: "api_key", in: "query", name: "api_key", value: "k-123456" },
        headers: { "X-API-Version": "2024-10-01" },
        health_check: { method: "HEAD", path: "/status?verbose=1", expected_status: 204 },
      },
      { base_url: "https://api.example.com", auth: { type: "basic", username: "key_only" } },
      {
        base_url: "https://api.example.com",
        auth: { ...oauth2(), token_url: "https://auth.example.com/oauth2/token", client_auth: "body" },
      },
      // Vendor shapes without type: an API key in a header, and Auth0's client credentials with audience;
      // the seed API's description and provider_type.
      {
        base_url: "https://api.example.com/v1",
        auth: { in: "header", name: "X-API-Key", value: "k-123456" },
      },
      {
        base_url: "https://api.example.com",
        auth: {
          token_url: "https://acme.eu.auth0.com/oauth/token",
          client_id: "aB3dE5fG7hI9",
          client_secret: "cs-123456",
          audience: "https://api.example.com",
        },
      },
      {
        base_url: "https://api.example.com",
        auth: { username: "reporting", password: "p-123456" },
        description: "Reporting API",
        provider_type: "http_api",
      },
    ],
    invalidConfigs: [
      { config: { base_url: "https://a.example.com", auth: {} }, path: "auth.type" },
      {
        config: { base_url: "https://a.example.com", auth: { token: "Bearer tok_abcdef" } },
        path: "auth.token",
      },
      {
        config: {
          base_url: "https://a.example.com",
          auth: { in: "header", name: "X-API-Key", value: "X-API-Key: k-123456" },
        },
        path: "auth.value",
      },
      {
        config: { base_url: "https://a.example.com", auth: { username: "reporting:p-123456" } },
        path: "auth.username",
      },
      { config: { base_url: "ftp://api.example.com" }, path: "base_url" },
      { config: { base_url: "https://a.example.com", auth: bearer("") }, path: "auth.token" },
      {
        config: {
          base_url: "https://a.example.com",
          auth: { type: "api_key", in: "header", name: "X Key", value: "k" },
        },
        path: "auth.name",
      },
      {
        config: {
          base_url: "https://a.example.com",
          auth: { type: "api_key", in: "header", name: "X-Key", value: "k\r\nX-Injected: 1" },
        },
        path: "auth.value",
      },
      {
        config: { base_url: "https://a.example.com", headers: { "X-Test": "a\nb" } },
        path: "headers.X-Test",
      },
      {
        config: { base_url: "https://a.example.com", health_check: { method: "POST" } },
        path: "health_check.method",
      },
      {
        config: { base_url: "https://a.example.com", health_check: { expected_status: 500 } },
        path: "health_check.expected_status",
      },
      {
        config: {
          base_url: "https://a.example.com",
          auth: { ...oauth2(), token_url: "https://a.example.com/t", client_secret: undefined },
        },
        path: "auth.client_secret",
      },
    ],
    success: against("/me"),
    failures: {
      auth_failed: against("/me", bearer("tok_wrong_one")),
      permission_denied: against("/admin"),
      not_found: against("/no-such-endpoint"),
      rate_limited: against("/busy"),
      provider_error: against("/broken"),
      // A public endpoint accepts a wrong credential too: the config cannot be proven.
      invalid_config: against("/public"),
      network_error: async () => ({
        config: { base_url: `http://127.0.0.1:${await getRefusedPort()}`, auth: bearer() },
      }),
      blocked_by_policy: () => ({ config: { base_url: "http://10.0.0.1/v1", auth: bearer() } }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: { base_url: server.url, auth: bearer() }, cleanup: server.close };
    },
  });
});

describe("http_api test()", () => {
  const guards: EgressGuardFactory[] = [];
  const loopback = (): TestOptions => {
    const guard = createLoopbackGuard();
    guards.push(guard);
    return { egress: guard, tokenCache: createTokenCache() };
  };
  afterAll(async () => {
    await Promise.all(guards.map((guard) => guard.close()));
  });

  async function runAgainstFake(
    config: (origin: string) => Record<string, unknown>,
    fakeOptions: HttpApiFakeOptions = {},
    options: TestOptions = loopback(),
  ) {
    const fake = await startHttpApiFake(fakeOptions);
    try {
      const result = await provider.test(config(fake.url), options);
      return { result, requests: fake.requests, fake };
    } finally {
      await fake.close();
    }
  }

  const authMethods: Array<[string, (origin: string) => unknown]> = [
    ["basic", () => basicAuth()],
    ["bearer", () => bearer()],
    ["api key header", () => ({ type: "api_key", in: "header", name: API.apiKeyHeader, value: API.apiKey })],
    ["api key query", () => ({ type: "api_key", in: "query", name: API.apiKeyParam, value: API.apiKey })],
    ["oauth2 (basic client auth)", (origin) => ({ ...oauth2(), token_url: `${origin}/oauth/token` })],
    [
      "oauth2 (body client auth)",
      (origin) => ({ ...oauth2(), token_url: `${origin}/oauth/token`, client_auth: "body" }),
    ],
  ];

  it.each(authMethods)("proves %s credentials and that a wrong one is refused", async (_name, auth) => {
    const { result, requests } = await runAgainstFake((origin) => ({
      base_url: `${origin}/v1`,
      auth: auth(origin),
      health_check: { path: "/me" },
    }));
    expect(result.details.result, result.message).toBe("success");
    expect(result.message).toMatch(/answered 200 .* and 401 to a wrong credential/);
    expect(result.details.provider_response).toMatchObject({ status: 200, wrong_credential_status: 401 });
    const probes = requests.filter((request) => request.url.pathname === "/v1/me");
    expect(probes).toHaveLength(2);
    // The two probes carried different credentials.
    const carried = probes.map(
      (request) => `${request.headers.authorization}|${request.headers["x-api-key"]}|${request.url.search}`,
    );
    expect(new Set(carried).size).toBe(2);
    expect(result.details.steps.map((step) => [step.name, step.ok])).toEqual(
      expect.arrayContaining([
        ["refuse a wrong credential", true],
        ["health check", true],
      ]),
    );
  });

  it("reports a public endpoint as not authenticating instead of 'credentials valid'", async () => {
    const { result } = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: basicAuth(),
      health_check: { path: "/v1/public" },
    }));
    expect(result.success).toBe(false);
    expect(result.details.result).toBe("invalid_config");
    expect(result.message).toMatch(/does not authenticate/);
    expect(result.details.provider_response).toMatchObject({ wrong_credential_accepted: true });
    const step = result.details.steps.find((candidate) => candidate.name === "refuse a wrong credential");
    expect(step?.ok).toBe(false);
  });

  it("checks a public endpoint without auth and says no authentication was configured", async () => {
    const { result, requests } = await runAgainstFake((origin) => ({ base_url: `${origin}/v1/public` }));
    expect(result.details.result).toBe("success");
    expect(result.message).toMatch(/no authentication configured/);
    expect(requests).toHaveLength(1);
  });

  it("maps RFC 6749 token errors: invalid_client to auth_failed, with either client auth style", async () => {
    for (const client_auth of ["basic", "body"]) {
      const { result, requests } = await runAgainstFake((origin) => ({
        base_url: `${origin}/v1`,
        auth: {
          ...oauth2({ client_secret: "cs_wrong_secret" }),
          token_url: `${origin}/oauth/token`,
          client_auth,
        },
        health_check: { path: "/me" },
      }));
      expect(result.details.result, client_auth).toBe("auth_failed");
      expect(result.details.provider_response).toMatchObject({
        status: client_auth === "basic" ? 401 : 400,
        error: "invalid_client",
      });
      expect(result.message).toMatch(/invalid_client/);
      // The health check never ran with a token it did not get.
      expect(requests.filter((request) => request.url.pathname === "/v1/me")).toHaveLength(1);
    }
  });

  it("refuses a client whose client_auth style the server does not accept", async () => {
    const { result } = await runAgainstFake(
      (origin) => ({ base_url: origin, auth: { ...oauth2(), token_url: `${origin}/oauth/token` } }),
      { clientAuth: ["body"] },
    );
    expect(result.details.result).toBe("auth_failed");
  });

  it("maps invalid_scope to permission_denied", async () => {
    const { result } = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: { ...oauth2({ scope: "admin.everything" }), token_url: `${origin}/oauth/token` },
    }));
    expect(result.details.result).toBe("permission_denied");
    expect(result.details.provider_response).toMatchObject({ error: "invalid_scope" });
    expect(result.message).toMatch(/scope/);
  });

  it("maps a missing token endpoint to not_found", async () => {
    const { result } = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: { ...oauth2(), token_url: `${origin}/no/token` },
    }));
    expect(result.details.result).toBe("not_found");
    expect(result.message).toMatch(/token_url/);
  });

  it("reuses a cached token for the next test of the same connection", async () => {
    const fake = await startHttpApiFake();
    try {
      const options = loopback();
      const config = {
        base_url: `${fake.url}/v1`,
        auth: { ...oauth2(), token_url: `${fake.url}/oauth/token` },
        health_check: { path: "/me" },
      };
      const first = await provider.test(config, options);
      const second = await provider.test(config, options);
      expect([first.details.result, second.details.result]).toEqual(["success", "success"]);
      expect(second.message).toMatch(/\(cached\)/);
      expect(fake.requests.filter((request) => request.url.pathname === "/oauth/token")).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it("reports rate limiting with Retry-After", async () => {
    const { result } = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: bearer(),
      health_check: { path: "/v1/busy" },
    }));
    expect(result.details.result).toBe("rate_limited");
    expect(result.details.retry_after_seconds).toBe(7);
    expect(result.details.retryable).toBe(true);
  });

  it("maps 5xx to provider_error with the request id", async () => {
    const { result } = await runAgainstFake((origin) => ({ base_url: `${origin}/v1/broken` }));
    expect(result.details.result).toBe("provider_error");
    expect(result.details.provider_response).toMatchObject({ status: 503, request_id: "req-503" });
  });

  it("asks for credentials when an endpoint answers 401 and none are configured", async () => {
    const { result } = await runAgainstFake((origin) => ({ base_url: `${origin}/v1/me` }));
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toMatch(/configure auth/);
  });

  it("sends HEAD and honours expected_status", async () => {
    const head = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: bearer(),
      health_check: { method: "HEAD", path: "/v1/me" },
    }));
    expect(head.result.details.result).toBe("success");
    expect(head.requests.map((request) => request.method)).toEqual(["HEAD", "HEAD"]);

    const created = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: bearer(),
      health_check: { path: "/v1/created", expected_status: 201 },
    }));
    expect(created.result.details.result).toBe("success");

    const wrongStatus = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: bearer(),
      health_check: { path: "/v1/me", expected_status: 204 },
    }));
    expect(wrongStatus.result.details.result).toBe("provider_error");
    expect(wrongStatus.result.message).toMatch(/answered HTTP 200 .*expected 204/);
  });

  it("sends the api key in the query without showing it, and extra headers on every request", async () => {
    const { result, requests } = await runAgainstFake((origin) => ({
      base_url: `${origin}/v1`,
      auth: { type: "api_key", in: "query", name: API.apiKeyParam, value: API.apiKey },
      headers: { "X-API-Version": "2024-10-01" },
      health_check: { path: "/me?fields=id" },
    }));
    expect(result.details.result).toBe("success");
    expect(requests.some((request) => request.url.searchParams.get(API.apiKeyParam) === API.apiKey)).toBe(
      true,
    );
    expect(requests.every((request) => request.url.searchParams.get("fields") === "id")).toBe(true);
    expect(requests.every((request) => request.headers["x-api-version"] === "2024-10-01")).toBe(true);
    expect(JSON.stringify(result)).not.toContain(API.apiKey);
    expect(result.message).toContain("/v1/me?fields=id");
  });

  it("follows a redirect within the host", async () => {
    const { result } = await runAgainstFake((origin) => ({
      base_url: origin,
      auth: bearer(),
      health_check: { path: "/v1/old-me" },
    }));
    expect(result.details.result).toBe("success");
    expect(result.message).toMatch(/after 1 redirect/);
  });

  it("does not follow a redirect to another host, so credentials never go there", async () => {
    const other = await startFakeHttpServer((_request, reply) => reply.json(200, { ok: true }), {
      host: "127.0.0.2",
    });
    try {
      const { result } = await runAgainstFake(
        (origin) => ({ base_url: origin, auth: bearer(), health_check: { path: "/v1/elsewhere" } }),
        { elsewhere: other.url },
      );
      expect(result.details.result).toBe("invalid_config");
      expect(result.message).toMatch(/redirected .* to another host/);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("stops after 5 redirects", async () => {
    const { result, requests } = await runAgainstFake((origin) => ({
      base_url: origin,
      health_check: { path: "/v1/loop" },
    }));
    expect(result.details.result).toBe("provider_error");
    expect(result.message).toMatch(/more than 5 times/);
    expect(requests).toHaveLength(6);
  });

  it("is refused by the default egress policy for loopback and metadata addresses", async () => {
    for (const base_url of ["http://127.0.0.1/v1", "http://169.254.169.254/latest/meta-data/"]) {
      const result = await provider.test({ base_url, auth: bearer() });
      expect(result.details.result, base_url).toBe("blocked_by_policy");
    }
    const token = await provider.test({
      base_url: "http://169.254.169.254/",
      auth: { ...oauth2(), token_url: "http://169.254.169.254/oauth/token" },
    });
    expect(token.details.result).toBe("blocked_by_policy");
  });
});

describe("http_api config validation", () => {
  const base = { base_url: "https://api.example.com" };
  const pathsOf = (input: unknown) => {
    const result = provider.validate(input);
    return result.success ? [] : result.issues.map((issue) => issue.path);
  };

  it("refuses header names that are not tokens and values that could inject headers", () => {
    expect(pathsOf({ ...base, headers: { "X Bad": "1" } })).toContain("headers.X Bad");
    expect(pathsOf({ ...base, headers: { "X-Ok": "1\r\nX-Injected: yes" } })).toContain("headers.X-Ok");
    expect(pathsOf({ ...base, headers: { "X-Ok": "a\u0000b" } })).toContain("headers.X-Ok");
    expect(pathsOf({ ...base, auth: { type: "bearer", token: "t\nX: y" } })).toContain("auth.token");
    expect(pathsOf({ ...base, auth: { type: "basic", username: "a:b", password: "p" } })).toContain(
      "auth.username",
    );
  });

  it("refuses client-set headers and headers that collide with auth", () => {
    expect(pathsOf({ ...base, headers: { Host: "internal.example" } })).toContain("headers.Host");
    expect(pathsOf({ ...base, headers: { "Transfer-Encoding": "chunked" } })).toContain(
      "headers.Transfer-Encoding",
    );
    expect(pathsOf({ ...base, auth: bearer(), headers: { authorization: "x" } })).toContain(
      "headers.authorization",
    );
    expect(
      pathsOf({
        ...base,
        auth: { type: "api_key", in: "header", name: "X-Key", value: "k" },
        headers: { "x-key": "v" },
      }),
    ).toContain("headers.x-key");
    expect(
      provider.validate({ ...base, headers: { "X-API-Version": "2", Accept: "application/json" } }).success,
    ).toBe(true);
  });

  it("refuses credentials in URLs", () => {
    expect(pathsOf({ base_url: "https://user:pass@api.example.com" })).toContain("base_url");
    expect(
      pathsOf({ ...base, auth: { ...oauth2(), token_url: "https://id:secret@auth.example.com/token" } }),
    ).toContain("auth.token_url");
  });

  it("refuses credential-looking extra headers, which are not secret fields, pointing at auth", () => {
    for (const name of ["X-Auth-Token", "X-Api-Key", "Cookie", "X-Client-Secret"]) {
      const result = provider.validate({ ...base, headers: { [name]: "value" } });
      expect(result.success, name).toBe(false);
      if (!result.success)
        expect(result.issues.find((issue) => issue.path === `headers.${name}`)?.message).toMatch(/auth/);
    }
  });
});
