import {
  getRefusedPort,
  startFakeHttpServer,
  testOnLoopback,
  testProviderConformance,
} from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import { ACCOUNT, APP, startGraphFake, TOKENS } from "./__tests__/graph-fake.js";
import instagram from "./instagram-provider.js";

const GRAPH_HOSTS = ["https://graph.instagram.com", "https://graph.facebook.com"];
const ig = (access_token: string, extra: Record<string, unknown> = {}) => ({
  login_type: "instagram",
  access_token,
  ...extra,
});
const fb = (access_token: string, extra: Record<string, unknown> = {}) => ({
  login_type: "facebook",
  access_token,
  ig_user_id: ACCOUNT.userId,
  app_id: APP.id,
  app_secret: APP.secret,
  ...extra,
});
const against = (config: unknown) => async () => {
  const fake = await startGraphFake();
  return {
    config,
    origins: Object.fromEntries(GRAPH_HOSTS.map((host) => [host, fake.url])),
    cleanup: fake.close,
  };
};

describe("instagram against a fake of the Graph API", () => {
  testProviderConformance({
    provider: instagram,
    validConfigs: [
      ig("IGQ-sample-1"),
      fb("EAAB-sample-2", { app_id: undefined, app_secret: undefined }),
      ig("IGQ-sample-3", { graph_api_version: "v26.0", ig_user_id: "1" }),
      // Vendor shapes: the dashboard's Instagram Login token alone (login_type inferred), and Facebook Login's
      // token, account id, App ID and secret without login_type; the seed API's description and provider_type.
      { access_token: "IGAAR-sample-4" },
      {
        access_token: "EAAJ-sample-5",
        ig_user_id: "17841405822304914",
        app_id: "1234567890123456",
        app_secret: "0123456789abcdef0123456789abcdef",
      },
      { ...ig("IGAAR-sample-6"), description: "Brand account", provider_type: "instagram" },
    ],
    invalidConfigs: [
      { config: { login_type: "facebook", access_token: "t" }, path: "ig_user_id" },
      { config: { access_token: "IGAAR-sample", ig_user_id: "17841405822304914" }, path: "login_type" },
      { config: ig("Bearer IGAAR-sample"), path: "access_token" },
      { config: fb("EAAJ-sample", { ig_user_id: "@acme.shop" }), path: "ig_user_id" },
      { config: ig("t", { graph_api_version: "25" }), path: "graph_api_version" },
      { config: { login_type: "tiktok", access_token: "t" }, path: "login_type" },
    ],
    success: against(ig(TOKENS.valid)),
    failures: {
      auth_failed: against(ig("not-a-real-token")),
      permission_denied: against(ig(TOKENS.noPermission)),
      not_found: against(fb(TOKENS.fbValid, { ig_user_id: "17841499999999999" })),
      rate_limited: against(ig(TOKENS.throttled)),
      invalid_config: against(ig(TOKENS.valid, { ig_user_id: "17841400000000777" })),
      network_error: async () => ({
        config: ig(TOKENS.valid),
        origins: { "https://graph.instagram.com": `http://127.0.0.1:${await getRefusedPort()}` },
      }),
      blocked_by_policy: () => ({
        config: ig(TOKENS.valid),
        origins: { "https://graph.instagram.com": "http://10.0.0.1" },
      }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return {
        config: ig(TOKENS.valid),
        origins: { "https://graph.instagram.com": server.url },
        cleanup: server.close,
      };
    },
  });

  const run = async (config: unknown) => {
    const fake = await startGraphFake();
    try {
      const origins = Object.fromEntries(GRAPH_HOSTS.map((host) => [host, fake.url]));
      return {
        result: await testOnLoopback(instagram, config, { origins, timeoutMs: 5_000 }),
        requests: fake.requests,
      };
    } finally {
      await fake.close();
    }
  };

  it("reads the account with one request, the token in the header and never in the URL", async () => {
    const { result, requests } = await run(ig(TOKENS.valid));
    expect(result.message).toBe(`Read Instagram account @${ACCOUNT.username} (${ACCOUNT.userId}).`);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe("/v25.0/me?fields=user_id%2Cusername");
  });

  it("says when the token has expired, and never tries to refresh it", async () => {
    const { result, requests } = await run(ig(TOKENS.expired));
    expect(result.details).toMatchObject({
      result: "auth_failed",
      provider_response: { code: 190, subcode: 463 },
    });
    expect(result.message).toMatch(/expired/);
    expect(requests.some((request) => /refresh|access_token$/.test(request.url.pathname))).toBe(false);
  });

  it("checks validity, scopes and the app with debug_token under Facebook Login, with appsecret_proof", async () => {
    const ok = await run(fb(TOKENS.fbValid, { required_scopes: ["pages_show_list"] }));
    expect(ok.result.success, ok.result.message).toBe(true);
    expect(ok.result.message).toMatch(/expires 2030-/);
    expect(
      ok.requests
        .find((request) => request.url.pathname.endsWith(ACCOUNT.userId))
        ?.url.searchParams.get("appsecret_proof"),
    ).toMatch(/^[0-9a-f]{64}$/);
    const narrow = await run(fb(TOKENS.fbNarrow));
    expect(narrow.result.details).toMatchObject({
      result: "permission_denied",
      provider_response: { missing_scopes: ["instagram_basic"] },
    });
    const stale = await run(fb("EAAB-unknown-token"));
    expect(stale.result.details.result).toBe("auth_failed");
  });

  it("maps Graph error codes, not HTTP statuses", async () => {
    expect((await run(ig(TOKENS.throttled))).result.details.result).toBe("rate_limited");
    expect((await run(ig(TOKENS.noPermission))).result.message).toMatch(/instagram_business_basic/);
  });
});
