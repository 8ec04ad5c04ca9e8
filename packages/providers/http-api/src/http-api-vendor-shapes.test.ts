import { createTokenCache } from "@plugboard/core";
import { createLoopbackGuard, validationProbe } from "@plugboard/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { API, startHttpApiFake } from "./__tests__/http-api-fake.js";
import provider from "./http-api-provider.js";

const { issuesOf } = validationProbe(provider);

/**
 * The credentials API documentation hands out, as a user would paste them (all values fake): a bearer token
 * (`Authorization: Bearer …`), an API key in a header (`X-API-Key: …`) or in the query (`?api_key=…`), a user
 * name and password (or a key as the user name, password empty), and OAuth2 client credentials (token URL,
 * client id and secret, scope, and Auth0's `audience`). Curl lines in docs show the header with its name.
 */
const BASE_URL = "https://api.example.com/v1";
const TOKEN = "tok_live_4f8a2c9e1b7d3a6f0e5c8b2a";
const API_KEY = "key_8d2b6f0a4c9e1b7d5a3f";
const PASSWORD = "Pa55-w0rd-9731";

function parsedAuth(auth: unknown, extra: Record<string, unknown> = {}) {
  const result = provider.validate({ base_url: BASE_URL, auth, ...extra });
  expect(result.success, JSON.stringify(result)).toBe(true);
  return result.success ? result.data.auth : undefined;
}

describe("http_api: the credentials API docs hand out", () => {
  it("a bearer token without type reads as bearer", () => {
    expect(parsedAuth({ token: TOKEN })).toEqual({ type: "bearer", token: TOKEN });
  });

  it("an API key in a header (X-API-Key) without type reads as api_key", () => {
    expect(parsedAuth({ in: "header", name: "X-API-Key", value: API_KEY })).toEqual({
      type: "api_key",
      in: "header",
      name: "X-API-Key",
      value: API_KEY,
    });
  });

  it("an API key in the query string", () => {
    expect(parsedAuth({ type: "api_key", in: "query", name: "api_key", value: API_KEY })).toMatchObject({
      in: "query",
      name: "api_key",
    });
  });

  it("a scheme other than Bearer (Authorization: Token …) as an API key in the Authorization header", () => {
    expect(parsedAuth({ in: "header", name: "Authorization", value: `Token ${API_KEY}` })).toMatchObject({
      type: "api_key",
      name: "Authorization",
    });
  });

  it("a user name and password without type read as basic; a key as the user name alone too", () => {
    expect(parsedAuth({ username: "reporting", password: PASSWORD })).toEqual({
      type: "basic",
      username: "reporting",
      password: PASSWORD,
    });
    expect(parsedAuth({ username: API_KEY })).toEqual({ type: "basic", username: API_KEY });
  });

  it("OAuth2 client credentials without type: token URL, client id and secret, scope", () => {
    expect(
      parsedAuth({
        token_url: "https://auth.example.com/oauth2/token",
        client_id: "0oa1b2c3d4e5f6g7h8i9",
        client_secret: "cs_3e7a9c1f5b2d8e4a6c0b",
        scope: "reports.read reports.export",
      }),
    ).toMatchObject({ type: "oauth2_client_credentials", client_auth: "basic" });
  });

  it("Auth0's client credentials: audience, the secret in the body", () => {
    expect(
      parsedAuth({
        type: "oauth2_client_credentials",
        token_url: "https://acme.eu.auth0.com/oauth/token",
        client_id: "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW",
        client_secret: "cs_3e7a9c1f5b2d8e4a6c0b",
        audience: "https://api.example.com",
        client_auth: "body",
      }),
    ).toMatchObject({ audience: "https://api.example.com", client_auth: "body" });
  });

  it("no auth at all is none; an explicit none too", () => {
    expect(parsedAuth(undefined)).toEqual({ type: "none" });
    expect(parsedAuth({ type: "none" })).toEqual({ type: "none" });
  });

  it("the seed API's shape: description and provider_type inside the config", () => {
    const result = provider.validate({
      provider_type: "http_api",
      description: "Reporting API",
      base_url: BASE_URL,
      auth: { token: TOKEN },
      health_check: { path: "/me" },
    });
    expect(result.success, JSON.stringify(result)).toBe(true);
  });
});

describe("http_api: typical mistakes name the field", () => {
  it("an empty auth is not read as none: every method is named", () => {
    expect(issuesOf({ base_url: BASE_URL, auth: {} })).toEqual([
      {
        path: "auth.type",
        code: "custom",
        message:
          'Missing "type": choose one of "none", "basic", "bearer", "api_key" or "oauth2_client_credentials".',
      },
    ]);
  });

  it('a token copied with "Bearer ", or as the whole Authorization header, never echoed', () => {
    for (const token of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `Authorization: Bearer ${TOKEN}`]) {
      const issues = issuesOf({ base_url: BASE_URL, auth: { token } });
      expect(issues).toEqual([
        {
          path: "auth.token",
          code: "invalid_format",
          message: 'Paste the token alone: "Authorization: Bearer " is added for you.',
        },
      ]);
      expect(JSON.stringify(issues)).not.toContain(TOKEN);
    }
  });

  it("a curl header line as the API key's value", () => {
    expect(
      issuesOf({
        base_url: BASE_URL,
        auth: { in: "header", name: "X-API-Key", value: `X-API-Key: ${API_KEY}` },
      }),
    ).toEqual([
      {
        path: "auth.value",
        code: "invalid_format",
        message: "Only the key: the header's name goes in name.",
      },
    ]);
  });

  it("the header name copied with its colon", () => {
    const issues = issuesOf({
      base_url: BASE_URL,
      auth: { in: "header", name: "X-API-Key:", value: API_KEY },
    });
    expect(issues.map((issue) => issue.path)).toEqual(["auth.name"]);
  });

  it("an API key without saying where it goes", () => {
    expect(issuesOf({ base_url: BASE_URL, auth: { name: "X-API-Key", value: API_KEY } })).toEqual([
      expect.objectContaining({ path: "auth.in" }),
    ]);
  });

  it("the docs' example URL with the key in its query, as base_url or path; the key never echoed", () => {
    const message = (where: string) =>
      `A credential in the URL's query: remove it from ${where} and set auth to api_key in query, where it is kept secret.`;
    const inBase = issuesOf({ base_url: `${BASE_URL}/items?api_key=${API_KEY}` });
    expect(inBase).toEqual([{ path: "base_url", code: "custom", message: message("base_url") }]);
    expect(JSON.stringify(inBase)).not.toContain(API_KEY);
    expect(
      issuesOf({ base_url: BASE_URL, health_check: { path: `/geocode?address=x&key=${API_KEY}` } }),
    ).toEqual([{ path: "health_check.path", code: "custom", message: message("the path") }]);
    // A query that carries no credential stays allowed.
    expect(
      provider.validate({ base_url: BASE_URL, health_check: { path: "/items?limit=1&page_token=a" } })
        .success,
    ).toBe(true);
  });

  it('"user:password" (curl -u) as the user name, never echoed', () => {
    const issues = issuesOf({ base_url: BASE_URL, auth: { username: `reporting:${PASSWORD}` } });
    expect(issues).toEqual([
      {
        path: "auth.username",
        code: "invalid_format",
        message: 'No colon: for a "user:password" pair, put the part after the colon in password.',
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain(PASSWORD);
  });

  it("credentials inside base_url, never echoed", () => {
    const issues = issuesOf({ base_url: `https://reporting:${PASSWORD}@api.example.com/v1` });
    expect(issues).toEqual([expect.objectContaining({ path: "base_url", code: "custom" })]);
    expect(JSON.stringify(issues)).not.toContain(PASSWORD);
  });

  it("Auth0's curl body pasted whole: grant_type is named", () => {
    const issues = issuesOf({
      base_url: BASE_URL,
      auth: {
        type: "oauth2_client_credentials",
        token_url: "https://acme.eu.auth0.com/oauth/token",
        client_id: "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW",
        client_secret: "cs_3e7a9c1f5b2d8e4a6c0b",
        audience: "https://api.example.com",
        grant_type: "client_credentials",
      },
    });
    expect(issues.map((issue) => issue.path)).toEqual(["auth.grant_type"]);
    expect(issues[0]?.message).toMatch(/^Unknown field/);
  });

  it("OAuth2 without the client secret", () => {
    expect(
      issuesOf({
        base_url: BASE_URL,
        auth: {
          type: "oauth2_client_credentials",
          token_url: "https://auth.example.com/oauth2/token",
          client_id: "reporting-service",
        },
      }),
    ).toEqual([{ path: "auth.client_secret", code: "invalid_type", message: "Required." }]);
  });
});

describe("http_api: Auth0's audience reaches the token endpoint", () => {
  const guard = createLoopbackGuard();
  afterAll(() => guard.close());

  it("sends audience in the token request", async () => {
    const fake = await startHttpApiFake();
    try {
      const result = await provider.test(
        {
          base_url: `${fake.url}/v1`,
          auth: {
            token_url: `${fake.url}/oauth/token`,
            client_id: API.client.id,
            client_secret: API.client.secret,
            audience: "https://api.example.com",
          },
          health_check: { path: "/me" },
        },
        { egress: guard, tokenCache: createTokenCache() },
      );
      expect(result.details.result, result.message).toBe("success");
      const tokenRequest = fake.requests.find((request) => request.url.pathname === "/oauth/token");
      expect(new URLSearchParams(tokenRequest?.body).get("audience")).toBe("https://api.example.com");
    } finally {
      await fake.close();
    }
  });
});
