import {
  getRefusedPort,
  startFakeHttpServer,
  testOnLoopback,
  testProviderConformance,
} from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import { APPS, startTiktokFake, USER, USER_TOKENS } from "./__tests__/tiktok-fake.js";
import tiktok from "./tiktok-provider.js";

const API = "https://open.tiktokapis.com";
const user = (access_token: string, extra: Record<string, unknown> = {}) => ({
  mode: "user",
  access_token,
  ...extra,
});
const client = (app: { key: string; secret: string }) => ({
  mode: "client_credentials",
  client_key: app.key,
  client_secret: app.secret,
});
const against = (config: unknown) => async () => {
  const fake = await startTiktokFake();
  return { config, origins: { [API]: fake.url }, cleanup: fake.close };
};

describe("tiktok against a fake of the TikTok API v2", () => {
  testProviderConformance({
    provider: tiktok,
    validConfigs: [
      user("act.sample-1"),
      user("act.sample-2", {
        open_id: "abc",
        required_scopes: ["video.list"],
        refresh_token: "rft.sample",
        client_key: "awkey",
        client_secret: "s",
      }),
      client({ key: "awkey", secret: "s" }),
      // Vendor shapes: Login Kit's tokens and open_id, and the portal's client key and secret, without mode;
      // the seed API's description and provider_type.
      { access_token: "act.sample-4", refresh_token: "rft.sample-4", open_id: "-000sample4" },
      { client_key: "sbawsandbox5", client_secret: "s5" },
      { ...user("act.sample-6"), description: "Brand account", provider_type: "tiktok" },
    ],
    invalidConfigs: [
      { config: user("rft.sample"), path: "access_token" },
      { config: user("clt.sample"), path: "access_token" },
      { config: user("act.sample", { refresh_token: "act.sample" }), path: "refresh_token" },
      { config: user("Bearer act.sample"), path: "access_token" },
      { config: { mode: "user" }, path: "access_token" },
      { config: user("act.x", { required_scopes: ["research.data.basic"] }), path: "required_scopes.0" },
      {
        config: { mode: "client_credentials", client_key: "has spaces", client_secret: "s" },
        path: "client_key",
      },
      { config: { mode: "business", access_token: "t" }, path: "mode" },
    ],
    success: against(user(USER_TOKENS.full, { required_scopes: ["user.info.stats", "video.list"] })),
    failures: {
      auth_failed: against(user("act.unknown-token", { refresh_token: "rft.kept" })),
      permission_denied: against(user(USER_TOKENS.basicOnly, { required_scopes: ["video.list"] })),
      rate_limited: against(user(USER_TOKENS.throttled)),
      invalid_config: against(user(USER_TOKENS.full, { open_id: "someone-else" })),
      network_error: async () => ({
        config: user(USER_TOKENS.full),
        origins: { [API]: `http://127.0.0.1:${await getRefusedPort()}` },
      }),
      blocked_by_policy: () => ({
        config: user(USER_TOKENS.full),
        origins: { [API]: "http://169.254.169.254" },
      }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: user(USER_TOKENS.full), origins: { [API]: server.url }, cleanup: server.close };
    },
  });

  const run = async (config: unknown) => {
    const fake = await startTiktokFake();
    try {
      const origins = { [API]: fake.url };
      return {
        result: await testOnLoopback(tiktok, config, { origins, timeoutMs: 5_000 }),
        requests: fake.requests,
      };
    } finally {
      await fake.close();
    }
  };

  it("reads the user with one request when only the basic scope is needed", async () => {
    const { result, requests } = await run(user(USER_TOKENS.full, { open_id: USER.open_id }));
    expect(result.success, result.message).toBe(true);
    expect(result.message).toBe(`Read TikTok user ${USER.display_name} with scopes user.info.basic.`);
    expect(requests.map((request) => request.path)).toEqual([
      "/v2/user/info/?fields=open_id,union_id,display_name,avatar_url",
    ]);
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${USER_TOKENS.full}`);
  });

  it("proves each required scope with its own read, in parallel", async () => {
    const scopes = ["user.info.profile", "user.info.stats", "video.list", "video.publish"];
    const { result, requests } = await run(user(USER_TOKENS.full, { required_scopes: scopes }));
    expect(result.success, result.message).toBe(true);
    expect(result.details.steps.map((step) => step.name)).toEqual([
      "read user",
      ...scopes.map((scope) => `scope ${scope}`),
    ]);
    expect(requests).toHaveLength(5);
    expect(requests.find((request) => request.url.pathname === "/v2/video/list/")?.body).toBe(
      '{"max_count":1}',
    );
  });

  it("names the missing scope, whether TikTok says scope_permission_missed or scope_not_authorized", async () => {
    const stats = await run(user(USER_TOKENS.basicOnly, { required_scopes: ["user.info.stats"] }));
    expect(stats.result.details).toMatchObject({
      result: "permission_denied",
      provider_response: { code: "scope_permission_missed", missing_scope: "user.info.stats" },
    });
    const publish = await run(user(USER_TOKENS.basicOnly, { required_scopes: ["video.publish"] }));
    expect(publish.result.details.provider_response).toMatchObject({
      code: "scope_not_authorized",
      missing_scope: "video.publish",
    });
    expect(publish.result.message).toMatch(/lacks the video\.publish scope/);
  });

  it("says a refresh is needed for an expired token and never refreshes it", async () => {
    const { result, requests } = await run(
      user(USER_TOKENS.expired, {
        refresh_token: "rft.kept-for-sync",
        client_key: APPS.research.key,
        client_secret: APPS.research.secret,
      }),
    );
    expect(result.details).toMatchObject({
      result: "auth_failed",
      provider_response: { code: "access_token_invalid", log_id: expect.any(String) },
    });
    expect(result.message).toMatch(/refresh it with the stored refresh token/);
    expect(requests.some((request) => request.url.pathname === "/v2/oauth/token/")).toBe(false);
  });

  it("reports a 429 with its Retry-After and does not retry", async () => {
    const { result, requests } = await run(user(USER_TOKENS.throttled));
    expect(result.details).toMatchObject({
      result: "rate_limited",
      retryable: true,
      retry_after_seconds: 30,
    });
    expect(requests).toHaveLength(1);
  });

  it("proves app credentials with the client-credentials grant, errors read from a 200 body", async () => {
    const ok = await run(client(APPS.research));
    expect(ok.result.success, ok.result.message).toBe(true);
    expect(ok.result.message).toMatch(/valid 7200 s/);
    expect(JSON.stringify(ok.result)).not.toMatch(/clt\.issued/);
    const form = new URLSearchParams(ok.requests[0]?.body);
    expect(form.get("grant_type")).toBe("client_credentials");

    const wrongSecret = await run(client({ key: APPS.research.key, secret: "wrong-secret" }));
    expect(wrongSecret.result.details).toMatchObject({
      result: "auth_failed",
      provider_response: { status: 200, error: "invalid_client" },
    });
    const loginKitApp = await run(client(APPS.loginKit));
    expect(loginKitApp.result.details).toMatchObject({
      result: "permission_denied",
      provider_response: { error: "unauthorized_client" },
    });
    expect(loginKitApp.result.message).toMatch(/Research API/);
  });
});
