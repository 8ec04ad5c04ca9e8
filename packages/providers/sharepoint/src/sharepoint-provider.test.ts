import { type createEgressGuard, createTokenCache } from "@plugboard/core";
import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPS,
  type CloudHosts,
  READER_CERTIFICATE,
  SITE_HOST,
  SITES,
  STRANGER_CERTIFICATE,
  startGraphFake,
  TENANT_ID,
} from "./__tests__/graph-fake.js";
import provider from "./sharepoint-provider.js";

const GLOBAL: CloudHosts = {
  login: "https://login.microsoftonline.com",
  graph: "https://graph.microsoft.com",
};
const CHINA: CloudHosts = {
  login: "https://login.chinacloudapi.cn",
  graph: "https://microsoftgraph.chinacloudapi.cn",
};
const secret = (app: { client_id: string; client_secret: string } = APPS.reader) => ({
  tenant_id: TENANT_ID,
  client_id: app.client_id,
  credentials: { type: "client_secret", client_secret: app.client_secret },
});
const certificateAuth = (certificate = READER_CERTIFICATE) => ({
  tenant_id: TENANT_ID,
  client_id: APPS.reader.client_id,
  credentials: {
    type: "certificate",
    certificate: certificate.certificate,
    private_key: certificate.privateKey,
  },
});
const siteUrl = (path: string) => `https://${SITE_HOST}${path}`;
const originsTo = (target: string, hosts = GLOBAL) => ({ [hosts.login]: target, [hosts.graph]: target });

/** A scenario against a fresh Graph fake, with a fresh token cache so scenarios never share tokens. */
const against = (config: Record<string, unknown>) => async () => {
  const fake = await startGraphFake();
  return {
    config,
    origins: originsTo(fake.url),
    options: { tokenCache: createTokenCache() },
    cleanup: fake.close,
  };
};

describe("sharepoint provider", () => {
  testProviderConformance({
    provider,
    validConfigs: [
      { ...secret(), site_url: siteUrl(SITES.marketing.path) },
      { ...certificateAuth(), site_id: SITES.marketing.id, drive_name: "Documents", cloud: "china" },
      {
        ...secret(),
        tenant_id: "contoso.onmicrosoft.com",
        site_url: `https://${SITE_HOST}`,
        drive_id: "b!x",
        cloud: "us_gov",
      },
      // The Overview page's GUIDs and a secret's Value, without "type", with the seed API's fields.
      {
        provider_type: "sharepoint",
        description: "Marketing library",
        tenant_id: TENANT_ID,
        client_id: APPS.reader.client_id,
        credentials: { client_secret: APPS.reader.client_secret },
        site_url: siteUrl(SITES.marketing.path),
      },
    ],
    invalidConfigs: [
      {
        config: { ...secret(), site_url: siteUrl("/sites/Finance/Shared%20Documents/Forms/AllItems.aspx") },
        path: "site_url",
      },
      { config: { ...secret(), tenant_id: SITE_HOST, site_url: siteUrl("/") }, path: "tenant_id" },
      {
        config: {
          ...certificateAuth(),
          credentials: {
            type: "certificate",
            certificate: "4C1F2E3D5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D",
            private_key: "k",
          },
          site_url: siteUrl("/"),
        },
        path: "credentials.certificate",
      },
      {
        config: {
          ...secret(),
          credentials: { appId: APPS.reader.client_id, displayName: "x", password: "p", tenant: TENANT_ID },
          site_url: siteUrl("/"),
        },
        path: "credentials",
      },
      { config: { ...secret(), client_id: "not-a-guid", site_url: siteUrl("/") }, path: "client_id" },
      { config: { ...secret(), site_url: "ftp://contoso.sharepoint.com" }, path: "site_url" },
      { config: { ...secret(), site_url: siteUrl("/"), cloud: "mars" }, path: "cloud" },
      {
        config: {
          ...secret(),
          site_url: siteUrl("/"),
          credentials: { type: "certificate", certificate: "x" },
        },
        path: "credentials.private_key",
      },
    ],
    success: against({ ...secret(), site_url: siteUrl(SITES.marketing.path) }),
    failures: {
      auth_failed: against({
        ...secret(),
        credentials: { type: "client_secret", client_secret: "wrong-secret" },
        site_url: siteUrl(SITES.marketing.path),
      }),
      permission_denied: against({ ...secret(), site_url: siteUrl(SITES.finance.path) }),
      not_found: against({ ...secret(), site_url: siteUrl("/sites/NoSuchSite") }),
      rate_limited: against({ ...secret(), site_url: siteUrl(SITES.busy.path) }),
      network_error: async () => ({
        config: { ...secret(), site_url: siteUrl(SITES.marketing.path) },
        origins: originsTo(`http://127.0.0.1:${await getRefusedPort()}`),
        options: { tokenCache: createTokenCache() },
      }),
      blocked_by_policy: () => ({
        config: { ...secret(), site_url: siteUrl(SITES.marketing.path) },
        origins: originsTo("http://169.254.169.254"),
        options: { tokenCache: createTokenCache() },
      }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return {
        config: { ...secret(), site_url: siteUrl(SITES.marketing.path) },
        origins: originsTo(server.url),
        options: { tokenCache: createTokenCache() },
        cleanup: server.close,
      };
    },
  });

  describe("against the Graph fake", () => {
    let fake: Awaited<ReturnType<typeof startGraphFake>>;
    let egress: ReturnType<typeof createEgressGuard>;
    beforeAll(async () => {
      fake = await startGraphFake();
      egress = createLoopbackGuard(originsTo(fake.url));
    });
    afterAll(async () => {
      await egress.close();
      await fake.close();
    });
    const run = (config: unknown, tokenCache = createTokenCache()) =>
      provider.test(config, { egress, tokenCache });
    const tokenRequests = () =>
      fake.requests.filter((request) => request.url.pathname.endsWith("/oauth2/v2.0/token"));

    it("gets a token, opens the site by URL and finds the default library, in that order", async () => {
      const before = fake.requests.length;
      const result = await run({ ...secret(), site_url: siteUrl(SITES.marketing.path) });
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toBe('Opened document library "Documents" of site "Marketing".');
      expect(
        fake.requests
          .slice(before)
          .map((request) => `${request.method} ${decodeURIComponent(request.url.pathname)}`),
      ).toEqual([
        `POST /${TENANT_ID}/oauth2/v2.0/token`,
        `GET /v1.0/sites/${SITE_HOST}:/sites/Marketing`,
        `GET /v1.0/sites/${SITES.marketing.id}/drives`,
      ]);
      expect(result.details.steps.map((step) => step.name)).toEqual([
        "authenticate",
        "open site",
        "find document library",
      ]);
    });

    it("caches the token: a second test of the same credentials makes no token request", async () => {
      const tokenCache = createTokenCache();
      const config = { ...secret(), site_id: SITES.marketing.id };
      const before = tokenRequests().length;
      const results = [await run(config, tokenCache), await run(config, tokenCache)];
      expect(results.map((result) => result.details.result)).toEqual(["success", "success"]);
      expect(tokenRequests().length - before).toBe(1);
      expect(results[1]?.details.provider_response).toMatchObject({ token_cached: true });
    });

    it("authenticates with a certificate: an RS256 assertion carrying the certificate's x5t", async () => {
      const result = await run({
        ...certificateAuth(),
        site_url: siteUrl(SITES.marketing.path),
        drive_name: "brand assets",
      });
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toContain('"Brand Assets"');
      const form = new URLSearchParams(tokenRequests().at(-1)?.body);
      expect(form.get("client_secret")).toBeNull();
      const header = JSON.parse(
        Buffer.from((form.get("client_assertion") ?? "").split(".")[0] ?? "", "base64url").toString(),
      );
      expect(header).toMatchObject({ alg: "RS256", typ: "JWT" });
      expect(header.x5t).toMatch(/^[A-Za-z0-9_-]{27}$/);
    });

    it("reports a certificate the app does not know as auth_failed (AADSTS700027)", async () => {
      const result = await run({
        ...certificateAuth(STRANGER_CERTIFICATE),
        site_url: siteUrl(SITES.marketing.path),
      });
      expect(result.details.result).toBe("auth_failed");
      expect(result.details.provider_response).toMatchObject({ aadsts: "AADSTS700027" });
    });

    it("refuses a private key that does not belong to the certificate, before any request", async () => {
      const before = fake.requests.length;
      const config = certificateAuth();
      const result = await run({
        ...config,
        credentials: { ...config.credentials, private_key: STRANGER_CERTIFICATE.privateKey },
        site_url: siteUrl(SITES.marketing.path),
      });
      expect(result.details.result).toBe("invalid_config");
      expect(fake.requests.length).toBe(before);
    });

    it("maps Entra ID's AADSTS codes: bad secret, unknown app, unknown tenant", async () => {
      const cases = [
        [
          { ...secret(), credentials: { type: "client_secret", client_secret: "nope" } },
          "auth_failed",
          "AADSTS7000215",
        ],
        // The secret's ID pasted instead of its Value: only Entra ID can tell.
        [
          {
            ...secret(),
            credentials: { type: "client_secret", client_secret: "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b" },
          },
          "auth_failed",
          "AADSTS7000215",
        ],
        [{ ...secret(), client_id: "00000000-0000-4000-8000-000000000000" }, "auth_failed", "AADSTS700016"],
        [{ ...secret(), tenant_id: "fabrikam.onmicrosoft.com" }, "not_found", "AADSTS90002"],
      ] as const;
      for (const [config, category, code] of cases) {
        const result = await run({ ...config, site_url: siteUrl(SITES.marketing.path) });
        expect(result.details.result, result.message).toBe(category);
        expect(result.details.provider_response).toMatchObject({ aadsts: code });
      }
    });

    it("maps Graph's errors: no roles, another tenant's host, a missing library", async () => {
      const noRoles = await run({ ...secret(APPS.unconsented), site_url: siteUrl(SITES.marketing.path) });
      expect(noRoles.details.result).toBe("permission_denied");
      expect(noRoles.message).toContain("Sites.Read.All");
      const otherTenant = await run({
        ...secret(),
        site_url: "https://fabrikam.sharepoint.com/sites/Marketing",
      });
      expect(otherTenant.details.result).toBe("not_found");
      const noLibrary = await run({
        ...secret(),
        site_url: siteUrl(SITES.marketing.path),
        drive_name: "Archive",
      });
      expect(noLibrary.details.result).toBe("not_found");
      expect(noLibrary.message).toContain('"Documents", "Brand Assets"');
    });

    it("refuses a config with both or neither of site_url and site_id", () => {
      expect(provider.validate({ ...secret() }).success).toBe(false);
      expect(
        provider.validate({ ...secret(), site_url: siteUrl("/"), site_id: SITES.marketing.id }).success,
      ).toBe(false);
    });
  });

  it("uses the national cloud's login and Graph hosts (China)", async () => {
    const fake = await startGraphFake(CHINA);
    const egress = createLoopbackGuard(originsTo(fake.url, CHINA));
    try {
      const result = await provider.test(
        { ...certificateAuth(), site_url: siteUrl(SITES.marketing.path), cloud: "china" },
        { egress, tokenCache: createTokenCache() },
      );
      expect(result.details.result, result.message).toBe("success");
      expect(new URLSearchParams(fake.requests[0]?.body).get("scope")).toBe(
        "https://microsoftgraph.chinacloudapi.cn/.default",
      );
      expect(result.details.hosts).toEqual(expect.arrayContaining([expect.stringContaining("127.0.0.1")]));
    } finally {
      await egress.close();
      await fake.close();
    }
  });
});
