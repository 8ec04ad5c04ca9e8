import { generateKeyPairSync } from "node:crypto";

import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  startFakeTcpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, describe, expect, it } from "vitest";
import {
  SNOWFLAKE,
  type SnowflakeFailure,
  type SnowflakeFakeOptions,
  startSnowflakeFake,
  USER_PRIVATE_KEY,
} from "./__tests__/snowflake-fake.js";
import { SDK_SESSION_TERMINATED, SNOWFLAKE_ERROR_CODES } from "./snowflake-errors.js";
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
        auth: {
          type: "key_pair",
          private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n",
        },
        role: "ANALYST",
      },
      {
        account: "a",
        username: "u",
        auth: { type: "programmatic_access_token", token: "t" },
        access_url: "https://a.privatelink.snowflakecomputing.com",
      },
      // A locator with region and cloud, a key without type (key_pair), the seed API's extras.
      {
        account: "xy12345.us-east-2.aws",
        username: "PLUGBOARD",
        auth: { private_key: USER_PRIVATE_KEY },
        description: "Analytics account",
        provider_type: "snowflake",
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
          auth: { private_key: "-----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END RSA PUBLIC KEY-----\n" },
        },
        path: "auth.private_key",
      },
      {
        config: { account: "MYORG.MYACCOUNT", username: "u", auth: { password: "p" } },
        path: "account",
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

  const test = async (overrides: Record<string, unknown>, fakeOptions: SnowflakeFakeOptions = {}) => {
    const fake = await startSnowflakeFake(fakeOptions);
    try {
      return await snowflake.test(base(fake.url, overrides), { egress: guard, timeoutMs: 10_000 });
    } finally {
      await fake.close();
    }
  };

  it("logs in with a key pair whose JWT the fake verifies against the registered public key", async () => {
    const ok = await test({ auth: { type: "key_pair", private_key: USER_PRIVATE_KEY } });
    expect(ok.success, ok.message).toBe(true);
    // Line breaks escaped (from a JSON string) or lost (a form's password input) are repaired before signing.
    for (const pasted of [USER_PRIVATE_KEY.replace(/\n/g, "\\n"), USER_PRIVATE_KEY.replace(/\n/g, " ")]) {
      const repaired = await test({ auth: { type: "key_pair", private_key: pasted } });
      expect(repaired.success, repaired.message).toBe(true);
    }
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

  it("refuses a wrong programmatic access token with Snowflake's 394400 as auth_failed", async () => {
    const result = await test({ auth: { type: "programmatic_access_token", token: "pat-revoked-0000" } });
    expect(result.details).toMatchObject({
      result: "auth_failed",
      retryable: false,
      provider_response: { code: "394400" },
    });
    expect(result.message).toMatch(/programmatic access token is invalid or expired/);
    expect(result.message).not.toMatch(/unexpected/i);
  });

  interface CodeCase {
    code: string;
    /** Whether Snowflake answers the login request or the session query with the failure. */
    at: "login" | "query";
    message: string;
    data?: unknown;
    result: string;
    retryable: boolean;
    says: RegExp;
    overrides?: Record<string, unknown>;
  }
  const LOCAL = "Contact your local system administrator";
  // One row per code of snowflake-errors.ts, with the message (and data) Snowflake sends with it.
  const CODES: CodeCase[] = [
    {
      code: "390100",
      at: "login",
      message: "Incorrect username or password was specified.",
      result: "auth_failed",
      retryable: false,
      says: /refused the login of user "READER": incorrect username or password/,
    },
    {
      code: "390101",
      at: "login",
      message: `User access disabled. ${LOCAL}.`,
      result: "auth_failed",
      retryable: false,
      says: /User "READER" is disabled in Snowflake; an administrator must enable it/,
    },
    {
      code: "390102",
      at: "login",
      message: `User temporarily locked. ${LOCAL} or please create a case with Snowflake Support or reach us on our support line`,
      result: "auth_failed",
      retryable: false,
      says: /User "READER" is temporarily locked after too many failed logins.*MINS_TO_UNLOCK = 0/,
    },
    {
      code: "390106",
      at: "login",
      message: "Specified password has expired. Password must be changed using the Snowflake web console.",
      result: "auth_failed",
      retryable: false,
      says: /password of user "READER" has expired; set a new one/,
    },
    {
      code: "390139",
      at: "login",
      message: `The specified authenticator is not accepted by your Snowflake account configuration. Please ${LOCAL.toLowerCase()} to get the correct URL to use.`,
      result: "invalid_config",
      retryable: false,
      says: /does not accept the "password" authentication method/,
    },
    {
      code: "390144",
      at: "login",
      message: "JWT token is invalid. [0ce9eb56-821d-4ca9-a774-04ae89a0cf5a]",
      result: "auth_failed",
      retryable: false,
      says: /refused the key-pair JWT: the user's RSA_PUBLIC_KEY must be the public half of this private key/,
      overrides: { auth: { type: "key_pair", private_key: USER_PRIVATE_KEY } },
    },
    {
      code: "390189",
      at: "login",
      message: `Role 'ACCOUNTADMIN' specified in the connect string does not exist or not authorized. ${LOCAL}, or attempt to login with another role, e.g. PUBLIC.`,
      result: "permission_denied",
      retryable: false,
      says: /^Role "ACCOUNTADMIN" does not exist or is not granted to user "READER": GRANT ROLE ACCOUNTADMIN TO USER READER\.$/,
      overrides: { role: "ACCOUNTADMIN" },
    },
    {
      code: "390195",
      at: "login",
      message: "ID Token is invalid.",
      result: "auth_failed",
      retryable: false,
      says: /refused the login's ID token as invalid/,
    },
    {
      code: "390201",
      at: "login",
      message: "The requested warehouse does not exist or not authorized.",
      result: "not_found",
      retryable: false,
      says: /^warehouse "MISSING_WH" does not exist or is not authorized for the role: .*GRANT USAGE ON WAREHOUSE MISSING_WH/,
      overrides: { warehouse: "MISSING_WH" },
    },
    {
      code: "390303",
      at: "login",
      message: "Invalid OAuth access token. [5b6a0b8e-2f0c-4b7e-9d3a-6f1c2e4d8a90]",
      result: "auth_failed",
      retryable: false,
      says: /refused the OAuth access token as invalid; get a new token/,
      overrides: { auth: { type: "oauth", token: "oauth-token-forged" } },
    },
    {
      code: "390318",
      at: "login",
      message: "OAuth access token expired. [1c9e3f52-7a4d-4f0b-8e21-3d5b9a6c0f17]",
      result: "auth_failed",
      retryable: false,
      says: /OAuth access token has expired \(a test does not refresh it\)/,
      overrides: { auth: { type: "oauth", token: "oauth-token-stale" } },
    },
    {
      code: "390422",
      at: "login",
      message:
        "Incoming request with IP/Token 127.0.0.1 is not allowed to access Snowflake. Contact your local security administrator or please create a case with Snowflake Support or reach us on our support line.",
      result: "permission_denied",
      retryable: false,
      says: /network policy does not allow connections from this server's IP address/,
    },
    {
      code: "394400",
      at: "login",
      message: "Programmatic access token is invalid.",
      data: { nextAction: "RETRY_LOGIN", authnMethod: "PAT", signInOptions: {} },
      result: "auth_failed",
      retryable: false,
      says: /programmatic access token is invalid or expired/,
      overrides: { auth: { type: "programmatic_access_token", token: SNOWFLAKE.accessToken } },
    },
    // On a query, snowflake-sdk handles these itself: it ends the connection (390104, 390111) or tries to
    // renew the session (390112), which the fake refuses with 390114, and reports its own code 407002.
    {
      code: "390104",
      at: "query",
      message: "Session token is invalid. Please login again.",
      result: "provider_error",
      retryable: true,
      says: /ended the session during the test .*; run the test again/,
    },
    {
      code: "390111",
      at: "query",
      message: "Session no longer exists.  New login required to access the service.",
      result: "provider_error",
      retryable: true,
      says: /ended the session during the test .*; run the test again/,
    },
    {
      code: "390112",
      at: "query",
      message: "Your session has expired. Please login again.",
      result: "provider_error",
      retryable: true,
      says: /ended the session during the test .*; run the test again/,
    },
    {
      code: "390114",
      at: "query",
      message: "Authentication token has expired.  The user must authenticate again.",
      result: "provider_error",
      retryable: true,
      says: /expired the session's authentication token during the test; run the test again/,
    },
    {
      code: "002003",
      at: "query",
      message: "SQL compilation error:\nDatabase 'SALES' does not exist or not authorized.",
      data: { sqlState: "02000", queryId: "01b2c3d4-0000-0000-0000-000000000001" },
      result: "not_found",
      retryable: false,
      says: /^A configured object does not exist or is not authorized: SQL compilation error: Database 'SALES' does not exist or not authorized\.$/,
    },
    // A code this provider does not know still reports Snowflake's code and sentence, not "Unexpected error".
    {
      code: "399999",
      at: "login",
      message: "A brand-new refusal. Details follow.",
      result: "provider_error",
      retryable: true,
      says: /^Snowflake answered error 399999: A brand-new refusal\.$/,
    },
  ];

  it.each(CODES)(
    "maps Snowflake's $code on the $at to $result",
    async ({ code, at, message, data, result, retryable, says, overrides }) => {
      const failure: SnowflakeFailure = { code, message, ...(data === undefined ? {} : { data }) };
      const answer = await test(
        overrides ?? {},
        at === "login" ? { loginFailure: failure } : { queryFailure: failure },
      );
      expect(answer.success).toBe(false);
      expect(answer.details.result, answer.message).toBe(result);
      expect(answer.details.retryable).toBe(retryable);
      expect(answer.message).toMatch(says);
      expect(answer.message).not.toMatch(/undefined|null|unexpected error/i);
      expect(answer.details.steps.at(-1)).toMatchObject({
        name: at === "login" ? "log in" : "check session",
        ok: false,
      });
    },
  );

  it("has a test case for every code in its table", () => {
    const tested = new Set(CODES.map(({ code }) => code));
    const untested = [...SNOWFLAKE_ERROR_CODES.keys()].filter(
      (code) => !tested.has(code) && code !== SDK_SESSION_TERMINATED,
    );
    expect(untested).toEqual([]);
  });

  interface SessionCase {
    name: string;
    fake: SnowflakeFakeOptions;
    overrides: Record<string, unknown>;
    result: string;
    says: RegExp;
  }
  const NOTHING_CONFIGURED = { warehouse: undefined, database: undefined, schema: undefined };
  const SESSIONS: SessionCase[] = [
    {
      name: "all NULL, nothing configured",
      fake: { session: { USER: null, ROLE: null, WAREHOUSE: null, DATABASE: null, SCHEMA: null } },
      overrides: NOTHING_CONFIGURED,
      result: "success",
      says: /^Logged in to acme-main as READER \(no current role\)\.$/,
    },
    {
      name: "no USER or ROLE column",
      fake: { omitColumns: ["USER", "ROLE"] },
      overrides: {},
      result: "success",
      says: /^Logged in to acme-main as READER \(no current role\), warehouse COMPUTE_WH\.$/,
    },
    {
      name: "an empty USER and ROLE",
      fake: { session: { USER: "", ROLE: "" } },
      overrides: NOTHING_CONFIGURED,
      result: "success",
      says: /^Logged in to acme-main as READER \(no current role\)/,
    },
    {
      name: "no role, warehouse unset",
      fake: { session: { ROLE: null, WAREHOUSE: null } },
      overrides: {},
      result: "not_found",
      says: /^warehouse "COMPUTE_WH" is not usable by the session, which has no current role: set "role" \(or the user's DEFAULT_ROLE\) to a role with USAGE ON WAREHOUSE COMPUTE_WH\.$/,
    },
    {
      name: "no WAREHOUSE column",
      fake: { omitColumns: ["WAREHOUSE"] },
      overrides: {},
      result: "not_found",
      says: /^warehouse "COMPUTE_WH" does not exist or is not authorized for role ANALYST: GRANT USAGE ON WAREHOUSE COMPUTE_WH TO ROLE ANALYST\.$/,
    },
    {
      name: "a NULL DATABASE",
      fake: { session: { DATABASE: null } },
      overrides: {},
      result: "not_found",
      says: /^database "SALES" does not exist or is not authorized for role ANALYST: GRANT USAGE ON DATABASE SALES TO ROLE ANALYST\.$/,
    },
    {
      name: "no row",
      fake: { session: "no rows" },
      overrides: {},
      result: "provider_error",
      says: /answered the session query with no row.*run the test again\.$/,
    },
  ];

  it.each(SESSIONS)(
    "never prints undefined or null for a session with $name",
    async ({ fake, overrides, result, says }) => {
      const answer = await test(overrides, fake);
      expect(answer.details.result, answer.message).toBe(result);
      expect(answer.message).toMatch(says);
      expect(answer.message).not.toMatch(/undefined|null/i);
      expect(JSON.stringify(answer.details.steps)).not.toMatch(/undefined|null/i);
      if (answer.success)
        expect(Object.values(answer.details.provider_response as object)).not.toContain(null);
    },
  );

  it("names no role when the default role is refused and none is configured", async () => {
    const answer = await test(
      {},
      {
        loginFailure: {
          code: "390189",
          message: `Role specified in the connect string does not exist or not authorized. ${LOCAL}.`,
        },
      },
    );
    expect(answer.details.result).toBe("permission_denied");
    expect(answer.message).toBe(
      `The default role of user "READER" does not exist or is not granted to it: set "role" to a granted role, or fix the user's DEFAULT_ROLE.`,
    );
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
