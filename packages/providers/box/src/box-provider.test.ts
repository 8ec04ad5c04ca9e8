import { type createEgressGuard, createTokenCache } from "@plugboard/core";
import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APP_CONFIG,
  APP_CONFIG_WRONG_KEY,
  APP_USER_ID,
  CCG_APP,
  DEVELOPER_TOKENS,
  ENTERPRISE_ID,
  FOLDERS,
  startBoxFake,
} from "./__tests__/box-fake.js";
import provider from "./box-provider.js";

const jwt = (app_config: unknown = APP_CONFIG) => ({ type: "jwt", app_config });
const ccg = (
  subject_type = "enterprise",
  subject_id = ENTERPRISE_ID,
  client_secret = CCG_APP.client_secret,
) => ({
  type: "client_credentials",
  client_id: CCG_APP.client_id,
  client_secret,
  subject_type,
  subject_id,
});
const originsTo = (target: string) => ({ "https://api.box.com": target });

/** A scenario against a fresh Box fake, with a fresh token cache so scenarios never share tokens. */
const against = (config: Record<string, unknown>) => async () => {
  const fake = await startBoxFake();
  return {
    config,
    origins: originsTo(fake.url),
    options: { tokenCache: createTokenCache() },
    cleanup: fake.close,
  };
};

describe("box provider", () => {
  testProviderConformance({
    provider,
    validConfigs: [
      { credentials: jwt() },
      { credentials: ccg("user", APP_USER_ID), folder_id: FOLDERS.reports },
      { credentials: { type: "developer_token", developer_token: DEVELOPER_TOKENS.live }, folder_id: "0" },
      // The config JSON as downloaded (webhooks keys and all), without "type", with the seed API's fields.
      {
        provider_type: "box",
        description: "Finance share",
        credentials: {
          app_config: { ...APP_CONFIG, webhooks: { primaryKey: "pk-0a1b2c", secondaryKey: "sk-3d4e5f" } },
        },
      },
      {
        credentials: {
          client_id: CCG_APP.client_id,
          client_secret: CCG_APP.client_secret,
          subject_type: "enterprise",
          subject_id: ENTERPRISE_ID,
        },
      },
    ],
    invalidConfigs: [
      {
        // Downloaded from App Settings without generating a key pair.
        config: {
          credentials: jwt({
            ...APP_CONFIG,
            boxAppSettings: {
              ...APP_CONFIG.boxAppSettings,
              appAuth: { publicKeyID: "", privateKey: "", passphrase: "" },
            },
          }),
        },
        path: "credentials.app_config.boxAppSettings.appAuth.privateKey",
      },
      { config: { credentials: APP_CONFIG }, path: "credentials" },
      { config: { credentials: jwt(), folder_id: "https://app.box.com/folder/11446498" }, path: "folder_id" },
      { config: { credentials: jwt(), folder_id: "d_123" }, path: "folder_id" },
      {
        config: { credentials: jwt({ ...APP_CONFIG, enterpriseID: "" }) },
        path: "credentials.app_config.enterpriseID",
      },
      { config: { credentials: { ...ccg(), subject_type: "group" } }, path: "credentials.subject_type" },
      { config: { credentials: { type: "developer_token" } }, path: "credentials.developer_token" },
    ],
    success: against({ credentials: jwt(), folder_id: FOLDERS.reports }),
    failures: {
      auth_failed: against({ credentials: jwt(APP_CONFIG_WRONG_KEY) }),
      permission_denied: against({ credentials: jwt(), folder_id: FOLDERS.forbidden }),
      not_found: against({ credentials: ccg(), folder_id: "999999" }),
      rate_limited: against({ credentials: ccg(), folder_id: FOLDERS.busy }),
      provider_error: against({ credentials: ccg(), folder_id: FOLDERS.broken }),
      network_error: async () => ({
        config: { credentials: ccg() },
        origins: originsTo(`http://127.0.0.1:${await getRefusedPort()}`),
        options: { tokenCache: createTokenCache() },
      }),
      blocked_by_policy: () => ({
        config: { credentials: ccg() },
        origins: originsTo("http://192.168.1.10"),
        options: { tokenCache: createTokenCache() },
      }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return {
        config: { credentials: ccg() },
        origins: originsTo(server.url),
        options: { tokenCache: createTokenCache() },
        cleanup: server.close,
      };
    },
  });

  describe("against the Box fake", () => {
    let fake: Awaited<ReturnType<typeof startBoxFake>>;
    let egress: ReturnType<typeof createEgressGuard>;
    beforeAll(async () => {
      fake = await startBoxFake();
      egress = createLoopbackGuard(originsTo(fake.url));
    });
    afterAll(async () => {
      await egress.close();
      await fake.close();
    });
    const run = (config: unknown, tokenCache = createTokenCache()) =>
      provider.test(config, { egress, tokenCache });
    const tokenRequests = () => fake.requests.filter((request) => request.url.pathname === "/oauth2/token");

    it("signs the JWT assertion Box documents, then reads the user and the root folder", async () => {
      const before = fake.requests.length;
      const result = await run({ credentials: jwt() });
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toContain('opened folder "All Files"');
      const requests = fake.requests.slice(before);
      expect(requests.map((request) => request.url.pathname).sort()).toEqual([
        "/2.0/folders/0",
        "/2.0/users/me",
        "/oauth2/token",
      ]);
      const assertion = new URLSearchParams(requests[0]?.body).get("assertion") ?? "";
      const [header, claims] = assertion
        .split(".")
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
      expect(header).toMatchObject({ alg: "RS256", kid: APP_CONFIG.boxAppSettings.appAuth.publicKeyID });
      expect(claims).toMatchObject({
        iss: APP_CONFIG.boxAppSettings.clientID,
        sub: ENTERPRISE_ID,
        box_sub_type: "enterprise",
      });
      expect(claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);
    });

    it("caches the token: a second test of the same credentials makes no token request", async () => {
      const tokenCache = createTokenCache();
      const before = tokenRequests().length;
      const results = [
        await run({ credentials: ccg() }, tokenCache),
        await run({ credentials: ccg() }, tokenCache),
      ];
      expect(results.map((result) => result.details.result)).toEqual(["success", "success"]);
      expect(tokenRequests().length - before).toBe(1);
      expect(results[1]?.details.provider_response).toMatchObject({ token_cached: true });
    });

    it("acts as an app user with a JWT app", async () => {
      const result = await run({ credentials: jwt({ ...APP_CONFIG, userID: APP_USER_ID }) });
      expect(result.details.result, result.message).toBe("success");
    });

    it("maps Box's token errors: wrong secret, refused subject", async () => {
      const wrongSecret = await run({ credentials: ccg("enterprise", ENTERPRISE_ID, "wrong-secret") });
      expect(wrongSecret.details.result).toBe("auth_failed");
      expect(wrongSecret.details.provider_response).toMatchObject({ error: "invalid_client" });
      const refusedSubject = await run({ credentials: ccg("user", "1111") });
      expect(refusedSubject.details.result).toBe("permission_denied");
    });

    it("uses a developer token as is, and reports an expired one from the empty 401", async () => {
      const before = tokenRequests().length;
      const live = await run({
        credentials: { type: "developer_token", developer_token: DEVELOPER_TOKENS.live },
      });
      expect(live.details.result, live.message).toBe("success");
      const expired = await run({
        credentials: { type: "developer_token", developer_token: DEVELOPER_TOKENS.expired },
      });
      expect(expired.details.result).toBe("auth_failed");
      expect(expired.message).toContain("The access token provided is invalid.");
      expect(tokenRequests().length).toBe(before);
    });

    it("refuses a private key the passphrase cannot open, before any request", async () => {
      const before = fake.requests.length;
      const settings = APP_CONFIG.boxAppSettings;
      const result = await run({
        credentials: jwt({
          ...APP_CONFIG,
          boxAppSettings: { ...settings, appAuth: { ...settings.appAuth, passphrase: "wrong" } },
        }),
      });
      expect(result.details.result).toBe("invalid_config");
      expect(fake.requests.length).toBe(before);
    });

    it("reports Box's retry-after when rate limited", async () => {
      const result = await run({ credentials: ccg(), folder_id: FOLDERS.busy });
      expect(result.details.result).toBe("rate_limited");
      expect(result.details.retry_after_seconds).toBe(9);
    });
  });
});
