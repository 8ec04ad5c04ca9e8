import { generateKeyPairSync } from "node:crypto";

import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  startFakeTcpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { SNOWFLAKE, startSnowflakeFake, USER_PRIVATE_KEY } from "./__tests__/snowflake-fake.js";
import snowflake from "./snowflake-provider.js";

const base = (url: string, overrides: Record<string, unknown> = {}) => ({
  account: SNOWFLAKE.account,
  username: SNOWFLAKE.user,
  auth: { type: "password", password: SNOWFLAKE.password },
  warehouse: "COMPUTE_WH",
  database: "SALES",
  schema: "PUBLIC",
  access_url: url,
  ...overrides,
});

const against =
  (overrides: Record<string, unknown> = {}) =>
  async () => {
    const fake = await startSnowflakeFake();
    return { config: base(fake.url, overrides), cleanup: fake.close };
  };

const guard = createLoopbackGuard();
afterAll(() => guard.close());

describe("snowflake against a fake of the Snowflake protocol", () => {
  testProviderConformance({
    provider: snowflake,
    validConfigs: [
      { account: "myorg-myaccount", username: "reader", auth: { type: "password", password: "pw" } },
      {
        account: "xy12345.eu-west-1",
        username: "reader",
        auth: { type: "key_pair", private_key: "-----BEGIN PRIVATE KEY-----\nabc" },
        role: "ANALYST",
      },
      {
        account: "a",
        username: "u",
        auth: { type: "programmatic_access_token", token: "t" },
        access_url: "https://a.privatelink.snowflakecomputing.com",
      },
    ],
    invalidConfigs: [
      {
        config: {
          account: "https://x.snowflakecomputing.com",
          username: "u",
          auth: { type: "password", password: "p" },
        },
        path: "account",
      },
      {
        config: { account: "a", username: "u", auth: { type: "key_pair", private_key: "not a key" } },
        path: "auth.private_key",
      },
      {
        config: {
          account: "a",
          username: "u",
          auth: { type: "password", password: "p" },
          access_url: "ftp://x",
        },
        path: "access_url",
      },
    ],
    success: against(),
    failures: {
      auth_failed: against({ auth: { type: "password", password: "wrong-password-1" } }),
      permission_denied: against({ role: "ACCOUNTADMIN" }),
      not_found: against({ warehouse: "MISSING_WH" }),
      invalid_config: against({ account: "acme-typo" }),
      network_error: async () => ({ config: base(`http://127.0.0.1:${await getRefusedPort()}`) }),
      blocked_by_policy: () => ({ config: base("http://10.0.0.1") }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: base(server.url), cleanup: server.close };
    },
  });

  const test = async (overrides: Record<string, unknown>) => {
    const fake = await startSnowflakeFake();
    try {
      return await snowflake.test(base(fake.url, overrides), { egress: guard, timeoutMs: 10_000 });
    } finally {
      await fake.close();
    }
  };

  it("logs in with a key pair whose JWT the fake verifies against the registered public key", async () => {
    const ok = await test({ auth: { type: "key_pair", private_key: USER_PRIVATE_KEY } });
    expect(ok.success, ok.message).toBe(true);
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const wrong = await test({ auth: { type: "key_pair", private_key: otherKey } });
    expect(wrong.details).toMatchObject({ result: "auth_failed", provider_response: { code: "390144" } });
    expect(JSON.stringify(wrong)).not.toContain(otherKey.split("\n")[2]);
  });

  it("logs in with OAuth and programmatic access tokens, refusing wrong ones", async () => {
    expect((await test({ auth: { type: "oauth", token: SNOWFLAKE.oauthToken } })).success).toBe(true);
    expect(
      (await test({ auth: { type: "programmatic_access_token", token: SNOWFLAKE.accessToken } })).success,
    ).toBe(true);
    expect((await test({ auth: { type: "oauth", token: "stale-token" } })).details.result).toBe(
      "auth_failed",
    );
  });

  it("reports the session and names the grant for each unusable object", async () => {
    const ok = await test({});
    expect(ok.message).toBe("Logged in to acme-main as READER with role ANALYST, warehouse COMPUTE_WH.");
    expect(ok.details.steps.map((step) => step.name)).toEqual(["log in", "check session"]);
    const noDatabase = await test({ database: "HR" });
    expect(noDatabase.message).toMatch(
      /database "HR" does not exist or is not authorized for role ANALYST: GRANT USAGE ON DATABASE HR/,
    );
    const role = await test({ role: "ACCOUNTADMIN" });
    expect(role.message).toMatch(/GRANT ROLE ACCOUNTADMIN TO USER READER/);
  });

  it("names the account when Snowflake does not know it", async () => {
    const result = await test({ account: "acme-typo" });
    expect(result.details.result).toBe("invalid_config");
    expect(result.message).toMatch(/account "acme-typo"/);
  });

  it("fails fast on a refused port instead of retrying for minutes", async () => {
    const started = performance.now();
    const result = await snowflake.test(base(`http://127.0.0.1:${await getRefusedPort()}`), {
      egress: guard,
      timeoutMs: 20_000,
    });
    expect(result.details.result).toBe("network_error");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it.each(["deadline", "caller abort"])(
    "closes its connection to a server that never answers when the %s ends the test",
    async (ending) => {
      // The SDK keeps its login request open after connection.destroy(); the socket must still close,
      // or it keeps the process alive after the test has returned. The times leave room to load the SDK.
      let open = 0;
      const closed: Array<() => void> = [];
      const silent = await startFakeTcpServer((socket) => {
        open++;
        socket.resume();
        socket.on("close", () => {
          open--;
          for (const wake of closed.splice(0)) wake();
        });
      });
      const controller = new AbortController();
      if (ending === "caller abort") setTimeout(() => controller.abort(), 1_000);
      try {
        const result = await snowflake.test(base(`http://127.0.0.1:${silent.port}`), {
          egress: guard,
          timeoutMs: ending === "deadline" ? 2_000 : 30_000,
          signal: controller.signal,
        });
        expect(result.details.result).toBe("timeout");
        expect(silent.connections()).toBeGreaterThan(0);
        if (open > 0) await new Promise<void>((resolve) => closed.push(resolve));
        expect(open).toBe(0);
      } finally {
        await silent.close();
      }
    },
  );
});
