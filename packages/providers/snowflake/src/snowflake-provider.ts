import { defineProvider, repairPem } from "@plugboard/core";
import { guardedAgentFactory } from "./guarded-agent.js";
import {
  assertSessionUses,
  present,
  SESSION_QUERY,
  type SessionRow,
  sessionRowOf,
  sessionSummary,
} from "./session-check.js";
import { snowflakeFailure } from "./snowflake-errors.js";
import { type SnowflakeConfig, snowflakeConfigSchema } from "./snowflake-schema.js";

type SnowflakeSdk = typeof import("snowflake-sdk");
type Connection = ReturnType<SnowflakeSdk["createConnection"]>;

/** Authentication options of snowflake-sdk for the configured method. */
function authOptions(auth: SnowflakeConfig["auth"]): Record<string, string> {
  switch (auth.type) {
    case "password":
      return { authenticator: "SNOWFLAKE", password: auth.password };
    case "key_pair":
      return {
        authenticator: "SNOWFLAKE_JWT",
        privateKey: repairPem(auth.private_key),
        ...(auth.private_key_passphrase ? { privateKeyPass: auth.private_key_passphrase } : {}),
      };
    case "oauth":
      return { authenticator: "OAUTH", token: auth.token };
    case "programmatic_access_token":
      return { authenticator: "PROGRAMMATIC_ACCESS_TOKEN", token: auth.token };
  }
}

/** What the session reported, leaving out what it has not set. */
function sessionResponse(row: SessionRow): Record<string, string> {
  const fields = {
    user: row.USER,
    role: row.ROLE,
    warehouse: row.WAREHOUSE,
    database: row.DATABASE,
    schema: row.SCHEMA,
    version: row.VERSION,
  };
  return Object.fromEntries(
    Object.entries(fields).flatMap(([key, value]) => {
      const text = present(value);
      return text === undefined ? [] : [[key, text]];
    }),
  );
}

let sdk: Promise<SnowflakeSdk> | undefined;

/** Loads snowflake-sdk once, with its import-time cloud-platform probes switched off and its logger silent. */
function loadSdk(): Promise<SnowflakeSdk> {
  sdk ??= (async () => {
    process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= "true";
    const module = (await import("snowflake-sdk")) as SnowflakeSdk & { default?: SnowflakeSdk };
    const snowflake = module.default ?? module;
    snowflake.configure({ logLevel: "OFF" } as never);
    return snowflake;
  })();
  return sdk;
}

export default defineProvider({
  type: "snowflake",
  displayName: "Snowflake",
  description:
    "A Snowflake account; the test logs in and checks the configured role, warehouse, database and schema.",
  docsUrl: "https://plugboard.dev/docs/providers/snowflake",
  configSchema: snowflakeConfigSchema,
  secretFields: ["auth.password", "auth.private_key", "auth.private_key_passphrase", "auth.token"],
  // Log in, the session query, and the logout that closes the session (a test leaves no session behind).
  minimalRoundTrips: 3,
  async check(config, ctx) {
    const snowflake = await loadSdk();
    const connection: Connection = snowflake.createConnection({
      account: config.account,
      username: config.username,
      ...authOptions(config.auth),
      ...(config.warehouse ? { warehouse: config.warehouse } : {}),
      ...(config.database ? { database: config.database } : {}),
      ...(config.schema ? { schema: config.schema } : {}),
      ...(config.role ? { role: config.role } : {}),
      accessUrl: config.access_url ?? `https://${config.account}.snowflakecomputing.com`,
      application: "Plugboard",
      // The SDK retries a refused login for minutes by default; the deadline is the only budget here.
      sfRetryMaxLoginRetries: 0,
      retryTimeout: 0,
      agentClass: guardedAgentFactory(ctx.egress, ctx.signal),
    } as never);
    const destroy = () => connection.destroy(() => {});
    ctx.signal.addEventListener("abort", destroy, { once: true });
    try {
      await ctx.step(
        "log in",
        () =>
          new Promise<void>((resolve, reject) =>
            connection.connect((error) => (error ? reject(snowflakeFailure(error, config)) : resolve())),
          ),
      );
      const row = await ctx.step("check session", async () => {
        const rows = await new Promise<unknown[] | undefined>((resolve, reject) =>
          connection.execute({
            sqlText: SESSION_QUERY,
            complete: (error, _statement, result) =>
              error ? reject(snowflakeFailure(error, config)) : resolve(result),
          }),
        );
        const first = sessionRowOf(rows);
        assertSessionUses(first, config);
        return first;
      });
      return { message: sessionSummary(row, config), providerResponse: sessionResponse(row) };
    } finally {
      ctx.signal.removeEventListener("abort", destroy);
      if (connection.isUp()) await new Promise<void>((resolve) => connection.destroy(() => resolve()));
    }
  },
});
