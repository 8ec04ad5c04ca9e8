import { type createEgressGuard, createTokenCache } from "@plugboard/core";
import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELEGATED_SUBJECT,
  DRIVE,
  OAUTH_CLIENT,
  REFRESH_TOKENS,
  SERVICE_ACCOUNT,
  SERVICE_ACCOUNT_WRONG_KEY,
  startGoogleFake,
} from "./__tests__/google-fake.js";
import provider from "./google-drive-provider.js";

const GOOGLE_ORIGINS = ["https://oauth2.googleapis.com", "https://www.googleapis.com"];
const { type: _type, ...keyWithoutType } = SERVICE_ACCOUNT;
const user = (refresh_token: string) => ({ type: "authorized_user", ...OAUTH_CLIENT, refresh_token });

/** A scenario against a fresh Google fake, with a fresh token cache so scenarios never share tokens. */
const against = (config: Record<string, unknown>) => async () => {
  const fake = await startGoogleFake();
  return {
    config,
    origins: Object.fromEntries(GOOGLE_ORIGINS.map((origin) => [origin, fake.url])),
    options: { tokenCache: createTokenCache() },
    cleanup: fake.close,
  };
};

describe("google_drive provider", () => {
  testProviderConformance({
    provider,
    validConfigs: [
      { credentials: SERVICE_ACCOUNT, shared_drive_id: DRIVE.sharedDrive },
      { credentials: SERVICE_ACCOUNT, folder_id: DRIVE.myFolder, subject: DELEGATED_SUBJECT },
      { credentials: user(REFRESH_TOKENS.good) },
      // gcloud's application_default_credentials.json, as written.
      {
        credentials: {
          account: "",
          ...OAUTH_CLIENT,
          quota_project_id: "acme-sync",
          refresh_token: REFRESH_TOKENS.good,
          type: "authorized_user",
          universe_domain: "googleapis.com",
        },
      },
      // The key file without its "type", and the seed API's description and provider_type beside it.
      { credentials: keyWithoutType },
      { provider_type: "google_drive", description: "Shared drive, read-only", credentials: SERVICE_ACCOUNT },
    ],
    invalidConfigs: [
      {
        config: {
          credentials: {
            type: "external_account",
            audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q",
            subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
            token_url: "https://sts.googleapis.com/v1/token",
            credential_source: { file: "/var/run/secrets/token" },
          },
        },
        path: "credentials.type",
      },
      {
        config: {
          credentials: SERVICE_ACCOUNT,
          folder_id: `https://drive.google.com/drive/folders/${DRIVE.myFolder}?usp=sharing`,
        },
        path: "folder_id",
      },
      { config: { ...SERVICE_ACCOUNT }, path: "credentials" },
      {
        config: { credentials: { ...SERVICE_ACCOUNT, client_email: "not an email" } },
        path: "credentials.client_email",
      },
      { config: { credentials: { ...SERVICE_ACCOUNT, private_key: "" } }, path: "credentials.private_key" },
      {
        config: { credentials: { type: "authorized_user", ...OAUTH_CLIENT } },
        path: "credentials.refresh_token",
      },
      { config: { credentials: user("r"), folder_id: "" }, path: "folder_id" },
    ],
    success: against({ credentials: SERVICE_ACCOUNT, shared_drive_id: DRIVE.sharedDrive }),
    failures: {
      auth_failed: against({ credentials: SERVICE_ACCOUNT_WRONG_KEY, folder_id: DRIVE.myFolder }),
      permission_denied: against({ credentials: user(REFRESH_TOKENS.noDriveScope) }),
      not_found: against({ credentials: SERVICE_ACCOUNT, shared_drive_id: "0ANoSuchDrive" }),
      rate_limited: against({ credentials: SERVICE_ACCOUNT, folder_id: DRIVE.busyFolder }),
      provider_error: against({ credentials: SERVICE_ACCOUNT, folder_id: DRIVE.brokenFolder }),
      network_error: async () => {
        const refused = `http://127.0.0.1:${await getRefusedPort()}`;
        return {
          config: { credentials: SERVICE_ACCOUNT },
          origins: Object.fromEntries(GOOGLE_ORIGINS.map((origin) => [origin, refused])),
          options: { tokenCache: createTokenCache() },
        };
      },
      blocked_by_policy: () => ({
        config: { credentials: SERVICE_ACCOUNT },
        origins: { "https://oauth2.googleapis.com": "http://10.0.0.1" },
        options: { tokenCache: createTokenCache() },
      }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return {
        config: { credentials: SERVICE_ACCOUNT },
        origins: Object.fromEntries(GOOGLE_ORIGINS.map((origin) => [origin, server.url])),
        options: { tokenCache: createTokenCache() },
        cleanup: server.close,
      };
    },
  });

  describe("against the Google fake", () => {
    let fake: Awaited<ReturnType<typeof startGoogleFake>>;
    let egress: ReturnType<typeof createEgressGuard>;
    beforeAll(async () => {
      fake = await startGoogleFake();
      egress = createLoopbackGuard(Object.fromEntries(GOOGLE_ORIGINS.map((origin) => [origin, fake.url])));
    });
    afterAll(async () => {
      await egress.close();
      await fake.close();
    });
    const run = (config: unknown, tokenCache = createTokenCache()) =>
      provider.test(config, { egress, tokenCache });
    const tokenRequests = () => fake.requests.filter((request) => request.url.pathname === "/token");

    it("signs an RS256 assertion with issuer, scope and audience, and opens the folder", async () => {
      const before = fake.requests.length;
      const result = await run({ credentials: SERVICE_ACCOUNT, folder_id: DRIVE.myFolder });
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toContain('folder "Reports"');
      const [tokenRequest, folderRequest] = fake.requests.slice(before);
      const assertion = new URLSearchParams(tokenRequest?.body).get("assertion") ?? "";
      const [header, claims] = assertion
        .split(".")
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
      expect(header).toMatchObject({ alg: "RS256" });
      expect(claims).toMatchObject({
        iss: SERVICE_ACCOUNT.client_email,
        aud: "https://oauth2.googleapis.com/token",
        scope: "https://www.googleapis.com/auth/drive.readonly",
      });
      expect(folderRequest?.url.searchParams.get("supportsAllDrives")).toBe("true");
      expect(result.details.steps.map((step) => step.name)).toEqual(["authenticate", "open folder"]);
    });

    it("caches the token: a second test of the same credentials makes no token request", async () => {
      const tokenCache = createTokenCache();
      const config = { credentials: SERVICE_ACCOUNT, shared_drive_id: DRIVE.sharedDrive };
      const before = tokenRequests().length;
      const first = await run(config, tokenCache);
      const second = await run(config, tokenCache);
      expect([first.details.result, second.details.result]).toEqual(["success", "success"]);
      expect(tokenRequests().length - before).toBe(1);
      expect(second.details.provider_response).toMatchObject({ token_cached: true });
    });

    it("opens a folder inside the configured shared drive with both requests in parallel", async () => {
      const result = await run({
        credentials: SERVICE_ACCOUNT,
        shared_drive_id: DRIVE.sharedDrive,
        folder_id: DRIVE.folderInSharedDrive,
      });
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toContain('shared drive "Marketing" and folder "Campaigns"');
    });

    it("lists My Drive with a refresh-token grant", async () => {
      const result = await run({ credentials: user(REFRESH_TOKENS.good) });
      expect(result.details.result, result.message).toBe("success");
      const list = fake.requests.at(-1);
      expect(list?.url.pathname).toBe("/drive/v3/files");
      expect(list?.url.searchParams.get("pageSize")).toBe("1");
    });

    it("reports a revoked refresh token as auth_failed", async () => {
      const result = await run({ credentials: user(REFRESH_TOKENS.revoked) });
      expect(result.details.result).toBe("auth_failed");
      expect(result.message).toContain("Token has been expired or revoked");
    });

    it("reports a wrong client secret as auth_failed", async () => {
      const result = await run({
        credentials: { ...user(REFRESH_TOKENS.good), client_secret: "GOCSPX-wrong" },
      });
      expect(result.details.result).toBe("auth_failed");
      expect(result.details.provider_response).toMatchObject({ error: "invalid_client" });
    });

    it("impersonates the delegated subject, and maps a refused delegation to permission_denied", async () => {
      const ok = await run({
        credentials: SERVICE_ACCOUNT,
        folder_id: DRIVE.myFolder,
        subject: DELEGATED_SUBJECT,
      });
      expect(ok.details.result, ok.message).toBe("success");
      const refused = await run({
        credentials: SERVICE_ACCOUNT,
        folder_id: DRIVE.myFolder,
        subject: "ceo@acme.example",
      });
      expect(refused.details.result).toBe("permission_denied");
      expect(refused.message).toContain("domain-wide delegation");
    });

    it("maps a folder the account may not read, and a file that is no folder", async () => {
      const forbidden = await run({ credentials: SERVICE_ACCOUNT, folder_id: DRIVE.forbiddenFolder });
      expect(forbidden.details.result).toBe("permission_denied");
      expect(forbidden.details.provider_response).toMatchObject({ reason: "insufficientFilePermissions" });
      const file = await run({ credentials: SERVICE_ACCOUNT, folder_id: DRIVE.plainFile });
      expect(file.details.result).toBe("not_found");
      expect(file.message).toContain("not a folder");
      const missing = await run({ credentials: SERVICE_ACCOUNT, folder_id: "1Missing" });
      expect(missing.details.result).toBe("not_found");
    });

    it("refuses a private key that is not PEM, and subject with a user grant, before any request", async () => {
      const before = fake.requests.length;
      const badKey = await run({ credentials: { ...SERVICE_ACCOUNT, private_key: "not a key" } });
      const subject = await run({ credentials: user(REFRESH_TOKENS.good), subject: DELEGATED_SUBJECT });
      expect([badKey.details.result, subject.details.result]).toEqual(["invalid_config", "invalid_config"]);
      expect(fake.requests.length).toBe(before);
    });

    it("reports the retry-after of a rate-limited answer", async () => {
      const result = await run({ credentials: SERVICE_ACCOUNT, folder_id: DRIVE.busyFolder });
      expect(result.details.result).toBe("rate_limited");
      expect(result.details.retry_after_seconds).toBe(17);
    });
  });
});
