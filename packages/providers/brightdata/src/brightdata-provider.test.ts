import { setTimeout as sleep } from "node:timers/promises";

import {
  canarySecret,
  createLoopbackGuard,
  findLeaks,
  getRefusedPort,
  startFakeTcpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import { API_KEYS, DATASET, startAccountApiFake } from "./__tests__/account-api-fake.js";
import { IP_RESTRICTED_ZONE, PROXY, startSuperProxyFake } from "./__tests__/super-proxy-fake.js";
import brightdata from "./brightdata-provider.js";

const API = "https://api.brightdata.com";
const proxyAt = (port: number, extra: Record<string, unknown> = {}) => ({
  customer_id: PROXY.customerId,
  zone: PROXY.zone,
  zone_password: PROXY.password,
  host: "127.0.0.1",
  port,
  ...extra,
});
const againstApi = (config: Record<string, unknown>) => async () => {
  const fake = await startAccountApiFake();
  return { config, origins: { [API]: fake.url }, cleanup: fake.close };
};
const againstProxy =
  (extra: Record<string, unknown> = {}) =>
  async () => {
    const fake = await startSuperProxyFake();
    return { config: { proxy: proxyAt(fake.port, extra) }, cleanup: fake.close };
  };

describe("brightdata against fakes of the account API and the super-proxy", () => {
  testProviderConformance({
    provider: brightdata,
    validConfigs: [
      { api: { token: "k" } },
      { api: { token: "k", zone: "web_unlocker1", dataset_id: "gd_abc123" } },
      { proxy: { customer_id: "hl_1", zone: "z", zone_password: "p" } },
      {
        api: { token: "k" },
        proxy: { customer_id: "hl_1", zone: "z", zone_password: "p", host: "[::1]", port: 22225 },
      },
      // Vendor shapes: a 64-hex API key, a zone's access details as shown (host and port included), and the
      // seed API's description and provider_type.
      { api: { token: "3f9a1c7e5b2d8a4f6c0e9b1d7a3f5c8e2b6d0a4f8c1e7b3d9a5f2c6e0b8d4a1f" } },
      {
        proxy: {
          customer_id: "hl_1a2b3c4d",
          zone: "residential_proxy1",
          zone_password: "k9x2m7q4v8z1",
          host: "brd.superproxy.io",
          port: 33335,
        },
        description: "Scraping account",
        provider_type: "brightdata",
      },
    ],
    invalidConfigs: [
      {
        config: {
          proxy: {
            customer_id: "brd-customer-hl_1a2b3c4d-zone-residential_proxy1",
            zone: "residential_proxy1",
            zone_password: "p",
          },
        },
        path: "proxy.customer_id",
      },
      {
        config: {
          proxy: {
            customer_id: "hl_1a2b3c4d",
            zone: "residential_proxy1",
            zone_password: "brd-customer-hl_1a2b3c4d-zone-residential_proxy1:p",
          },
        },
        path: "proxy.zone_password",
      },
      { config: { api: { token: "Bearer k-123456" } }, path: "api.token" },
      {
        config: {
          proxy: { customer_id: "hl_1", zone: "z", zone_password: "p", host: "brd.superproxy.io:33335" },
        },
        path: "proxy.host",
      },
      { config: {}, path: "api" },
      { config: { api: { zone: "z" } }, path: "api.token" },
      { config: { api: { token: "k", dataset_id: "crunchbase" } }, path: "api.dataset_id" },
      { config: { proxy: { customer_id: "hl_1", zone: "z" } }, path: "proxy.zone_password" },
      {
        config: { proxy: { customer_id: "hl_1", zone: "z", zone_password: "p", host: "http://proxy" } },
        path: "proxy.host",
      },
    ],
    success: againstApi({ api: { token: API_KEYS.admin, zone: "web_unlocker1", dataset_id: DATASET.id } }),
    failures: {
      auth_failed: againstProxy({ zone_password: "wrong-zone-password" }),
      permission_denied: againstApi({ api: { token: API_KEYS.zonesOnly, dataset_id: DATASET.id } }),
      not_found: againstApi({ api: { token: API_KEYS.admin, zone: "no_such_zone" } }),
      invalid_config: againstApi({ api: { token: API_KEYS.admin, zone: "old_serp" } }),
      rate_limited: againstApi({ api: { token: API_KEYS.throttled } }),
      network_error: async () => ({ config: { proxy: proxyAt(await getRefusedPort()) } }),
      blocked_by_policy: () => ({ config: { proxy: proxyAt(33_335, { host: "10.20.0.1" }) } }),
    },
    stalled: async () => {
      const server = await startFakeTcpServer("stall");
      return { config: { proxy: proxyAt(server.port) }, cleanup: server.close };
    },
  });

  const run = async (config: Record<string, unknown>) => {
    const api = await startAccountApiFake();
    const proxy = await startSuperProxyFake();
    const guard = createLoopbackGuard({ [API]: api.url });
    const withProxy = config.proxy
      ? { ...config, proxy: proxyAt(proxy.port, config.proxy as Record<string, unknown>) }
      : config;
    try {
      const result = await brightdata.test(withProxy, { egress: guard, timeoutMs: 5_000 });
      await sleep(50); // let the fake see the client's FIN
      return {
        result,
        api: api.requests,
        connects: proxy.connects,
        openProxyConnections: proxy.openConnections(),
      };
    } finally {
      await guard.close();
      await Promise.all([api.close(), proxy.close()]);
    }
  };

  it("checks the API key and the proxy zone in parallel, and the zone is active by the API too", async () => {
    const { result, api, connects, openProxyConnections } = await run({
      api: { token: API_KEYS.admin },
      proxy: {},
    });
    expect(result.success, result.message).toBe(true);
    expect(result.message).toBe(
      "The API key lists 2 active zones, zone residential_main (res_rotating) active; proxy zone residential_main accepted its credentials.",
    );
    expect(api.map((request) => request.path)).toEqual(["/zone/get_active_zones"]);
    expect(api[0]?.headers.authorization).toBe(`Bearer ${API_KEYS.admin}`);
    expect(connects).toEqual([
      { target: "geo.brdtest.com:443", user: `brd-customer-${PROXY.customerId}-zone-${PROXY.zone}` },
    ]);
    expect(openProxyConnections).toBe(0);
    expect(result.details.steps.map((step) => step.name).sort()).toEqual([
      "list active zones",
      "proxy handshake",
    ]);
  });

  it("reads a 407's x-brd-err-* and Proxy-Status headers, and never retries", async () => {
    const { result, connects } = await run({ proxy: { zone_password: "wrong" } });
    expect(result.details).toMatchObject({
      result: "auth_failed",
      provider_response: {
        status: 407,
        brd_err_code: "test_auth_failed",
        brd_err_msg: "Invalid zone credentials",
        proxy_status_error: "http_request_denied",
      },
    });
    expect(connects).toHaveLength(1);
  });

  it("says to allow the server's IP when the super-proxy answers 403", async () => {
    const { result } = await run({ proxy: { zone: IP_RESTRICTED_ZONE } });
    expect(result.details).toMatchObject({ result: "permission_denied", provider_response: { status: 403 } });
    expect(result.message).toMatch(/allow this server's IP address/);
  });

  it("tells a disabled zone from a missing one with a second request made only then", async () => {
    const disabled = await run({ api: { token: API_KEYS.admin, zone: "old_serp" } });
    expect(disabled.result.message).toMatch(/exists but is not active \(disabled\)/);
    expect(disabled.api.map((request) => request.path)).toEqual([
      "/zone/get_active_zones",
      "/zone/get_all_zones",
    ]);
    const missing = await run({ api: { token: API_KEYS.admin, zone: "no_such_zone" } });
    expect(missing.result.details.result).toBe("not_found");
  });

  it("maps the plain-text 401 bodies and a 429 without retrying it", async () => {
    const wrong = await run({ api: { token: "0".repeat(64) } });
    expect(wrong.result.details).toMatchObject({ result: "auth_failed", provider_response: { status: 401 } });
    expect(wrong.result.message).toMatch(/Invalid credentials/);
    const throttled = await run({ api: { token: API_KEYS.throttled } });
    expect(throttled.result.details).toMatchObject({ result: "rate_limited", retry_after_seconds: 5 });
    expect(throttled.api).toHaveLength(1);
  });

  it("finds the dataset in the account's list", async () => {
    const found = await run({ api: { token: API_KEYS.admin, dataset_id: DATASET.id } });
    expect(found.result.success, found.result.message).toBe(true);
    const missing = await run({ api: { token: API_KEYS.admin, dataset_id: "gd_missing000" } });
    expect(missing.result.details.result).toBe("not_found");
  });

  it("leaks no zone password when a hostile super-proxy echoes the credentials back", async () => {
    const proxy = await startSuperProxyFake({ hostile: true });
    const guard = createLoopbackGuard();
    const secret = canarySecret("zone");
    const lines: string[] = [];
    try {
      const result = await brightdata.test(
        { proxy: proxyAt(proxy.port, { zone_password: secret }) },
        { egress: guard, timeoutMs: 5_000, logger: { log: (entry) => lines.push(JSON.stringify(entry)) } },
      );
      expect(result.details.result).toBe("auth_failed");
      const user = `brd-customer-${PROXY.customerId}-zone-${PROXY.zone}`;
      expect(findLeaks(`${JSON.stringify(result)}\n${lines.join("\n")}`, [secret], [user])).toEqual([]);
    } finally {
      await guard.close();
      await proxy.close();
    }
  });
});
