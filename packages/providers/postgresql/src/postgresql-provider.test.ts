import { createServer, type Socket } from "node:net";
import { TLSSocket } from "node:tls";
import {
  createLoopbackGuard,
  getRefusedPort,
  issueTestCertificates,
  startFakeTcpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLUSTER, type PostgresCluster, startPostgresCluster } from "./__tests__/postgres-cluster.js";
import postgresql from "./postgresql-provider.js";

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await guard.close();
});

const guard = createLoopbackGuard();
const readerConfig = (overrides: Record<string, unknown> = {}) => ({
  host: "127.0.0.1",
  port: cluster.port,
  database: CLUSTER.database,
  user: CLUSTER.reader.user,
  password: CLUSTER.reader.password,
  ssl: { mode: "disable" },
  schema: "sales",
  tables: ["orders"],
  ...overrides,
});

describe("postgresql against a real PostgreSQL", () => {
  testProviderConformance({
    provider: postgresql,
    validConfigs: [
      { host: "db.example.com", database: "analytics", user: "reader", password: "pw-123456" },
      {
        host: "10.0.0.5",
        port: 6432,
        database: "a",
        user: "b",
        password: "c",
        ssl: { mode: "verify-ca", ca: "-----BEGIN CERTIFICATE-----" },
        tables: ["public.t"],
      },
      {
        connection_string: "postgresql://reader:secret@db.example.com:5432/analytics?sslmode=require",
        schema: "public",
      },
      // Neon's string as its console shows it; Azure's libpq key=value string; the seed API's extras.
      {
        connection_string:
          "postgresql://neondb_owner:npg_AbC123xYz@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require",
      },
      {
        connection_string:
          "host=plugboard.postgres.database.azure.com port=5432 dbname=analytics user=reader password=pw sslmode=require",
        description: "Azure reporting database",
        provider_type: "postgresql",
      },
    ],
    invalidConfigs: [
      {
        config: { host: "db.example.com", database: "a", user: "b", password: "c", port: 70_000 },
        path: "port",
      },
      {
        config: { host: "postgres://db.example.com", database: "a", user: "b", password: "c" },
        path: "host",
      },
      { config: { connection_string: "mysql://u:p@h/db" }, path: "connection_string" },
      {
        config: { connection_string: "jdbc:postgresql://db.example.com:5432/analytics" },
        path: "connection_string",
      },
      {
        config: { host: "h", database: "a", user: "b", password: "c", ssl: { mode: "prefer" } },
        path: "ssl.mode",
      },
    ],
    success: () => ({ config: readerConfig() }),
    failures: {
      auth_failed: () => ({ config: readerConfig({ password: "wrong-password-1234" }) }),
      not_found: () => ({ config: readerConfig({ database: "missing_db" }) }),
      permission_denied: () => ({ config: readerConfig({ tables: ["orders", "payroll"] }) }),
      network_error: async () => ({ config: readerConfig({ port: await getRefusedPort() }) }),
      invalid_config: () => ({
        config: readerConfig({ user: CLUSTER.tlsOnly.user, password: CLUSTER.tlsOnly.password, tables: [] }),
      }),
      blocked_by_policy: () => ({ config: readerConfig({ host: "10.0.0.1" }) }),
    },
    stalled: async () => {
      const server = await startFakeTcpServer("stall");
      return { config: readerConfig({ port: server.port }), cleanup: server.close };
    },
  });

  const test = (config: unknown) => postgresql.test(config, { egress: guard, timeoutMs: 10_000 });

  it("reports the user, the server version and what it can read", async () => {
    const result = await test(readerConfig());
    expect(result.success).toBe(true);
    expect(result.message).toMatch(/as app_reader \(PostgreSQL \d+/);
    expect(result.details.steps.map((step) => step.name)).toEqual([
      "resolve host",
      "connect and authenticate",
      "check privileges",
    ]);
    expect(result.details.hosts).toEqual([`127.0.0.1:${cluster.port}`]);
  });

  it("accepts a connection string and never shows its password", async () => {
    const password = encodeURIComponent(CLUSTER.reader.password);
    const ok = await test({
      connection_string: `postgresql://${CLUSTER.reader.user}:${password}@127.0.0.1:${cluster.port}/${CLUSTER.database}?sslmode=disable`,
    });
    expect(ok.success).toBe(true);
    const wrong = await test({
      connection_string: `postgresql://${CLUSTER.reader.user}:not-it-9z8y@127.0.0.1:${cluster.port}/${CLUSTER.database}?sslmode=disable`,
    });
    expect(wrong.details.result).toBe("auth_failed");
    expect(JSON.stringify(wrong)).not.toContain("not-it-9z8y");
  });

  it("names the GRANT to add for each missing privilege", async () => {
    const noTable = await test(readerConfig({ tables: ["payroll"] }));
    expect(noTable).toMatchObject({ details: { result: "permission_denied" } });
    expect(noTable.message).toContain("GRANT SELECT ON sales.payroll TO app_reader");
    const noUsage = await test(
      readerConfig({ user: CLUSTER.noUsage.user, password: CLUSTER.noUsage.password, tables: [] }),
    );
    expect(noUsage.message).toContain("GRANT USAGE ON SCHEMA sales TO no_usage");
    const noConnect = await test(
      readerConfig({ user: CLUSTER.noConnect.user, password: CLUSTER.noConnect.password }),
    );
    expect(noConnect.details.result).toBe("permission_denied");
    expect(noConnect.details.provider_response).toEqual({ sqlstate: "42501" });
  });

  it("reports missing schemas and tables as not_found", async () => {
    expect((await test(readerConfig({ schema: "marketing", tables: [] }))).message).toMatch(
      /Schema "marketing" does not exist/,
    );
    expect((await test(readerConfig({ tables: ["refunds"] }))).message).toMatch(
      /Table sales.refunds does not exist/,
    );
  });

  it("connects over TLS in every mode, verifying the certificate when asked", async () => {
    const tlsOnly = {
      user: CLUSTER.tlsOnly.user,
      password: CLUSTER.tlsOnly.password,
      schema: undefined,
      tables: [],
    };
    const required = await test(readerConfig({ ...tlsOnly, ssl: { mode: "require" } }));
    expect(required.success, required.message).toBe(true);
    const chained = await test(readerConfig({ ...tlsOnly, ssl: { mode: "verify-ca", ca: cluster.caPem } }));
    expect(chained.success, chained.message).toBe(true);
    const full = await test(readerConfig({ ...tlsOnly, ssl: { mode: "verify-full", ca: cluster.caPem } }));
    expect(full.success, full.message).toBe(true);
  });

  it("says how to fix a TLS mismatch", async () => {
    const tlsOnly = {
      user: CLUSTER.tlsOnly.user,
      password: CLUSTER.tlsOnly.password,
      schema: undefined,
      tables: [],
    };
    const plain = await test(readerConfig({ ...tlsOnly, ssl: { mode: "disable" } }));
    expect(plain.details.result).toBe("invalid_config");
    expect(plain.message).toMatch(/requires TLS for user "tls_only": set ssl.mode to "require"/);
    const untrusted = await test(readerConfig({ ssl: { mode: "verify-full" } }));
    expect(untrusted.details.result).toBe("invalid_config");
    expect(untrusted.message).toMatch(/certificate was refused .*give its CA in ssl.ca/);
  });

  it("uses channel binding (SCRAM-SHA-256-PLUS) when a connection string requires it", async () => {
    const { user, password } = CLUSTER.tlsOnly;
    const bound = await test({
      connection_string: `postgresql://${user}:${password}@127.0.0.1:${cluster.port}/${CLUSTER.database}?sslmode=require&channel_binding=require`,
    });
    expect(bound.success, bound.message).toBe(true);
    const plain = await test({
      connection_string: `postgresql://${user}:${password}@127.0.0.1:${cluster.port}/${CLUSTER.database}?channel_binding=require`,
      ssl: { mode: "disable" },
    });
    expect(plain.details.result).toBe("invalid_config");
    expect(plain.message).toBe('channel_binding=require needs TLS: set ssl.mode to "require" or stricter.');
  });

  it("passes a connection string's options (-c search_path=…) to the server", async () => {
    const { user, password } = CLUSTER.reader;
    const ok = await test({
      connection_string: `postgresql://${user}:${password}@127.0.0.1:${cluster.port}/${CLUSTER.database}?sslmode=disable&options=-c%20search_path%3Dsales`,
    });
    expect(ok.success, ok.message).toBe(true);
    const refused = await test({
      connection_string: `postgresql://${user}:${password}@127.0.0.1:${cluster.port}/${CLUSTER.database}?sslmode=disable&options=-c%20statement_timeout%3Dnot-a-number`,
    });
    // The server refused the startup option: proof that it was sent.
    expect(refused.details).toMatchObject({
      result: "invalid_config",
      provider_response: { sqlstate: "22023" },
    });
    expect(refused.message).toMatch(/refused a setting of the connection string's options/);
    expect(refused.message).not.toContain("not-a-number");
  });

  it("sends no password to a server that asks for it in clear when channel_binding=require", async () => {
    const issued = issueTestCertificates();
    const received: Buffer[] = [];
    const server = createServer((socket: Socket) => {
      socket.once("data", () => {
        // The SSLRequest: accept, then speak TLS and ask for a clear-text password.
        socket.write("S");
        const tls = new TLSSocket(socket, {
          isServer: true,
          key: issued.privateKey,
          cert: issued.certificate,
        });
        tls.on("error", () => {});
        tls.once("data", () => {
          tls.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
          tls.on("data", (chunk: Buffer) => received.push(chunk));
        });
      });
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const result = await test({
        connection_string: `postgresql://reader:never-sent-5e1a@127.0.0.1:${port}/analytics?sslmode=require&channel_binding=require`,
      });
      expect(result.details.result, result.message).toBe("invalid_config");
      expect(result.message).toMatch(/did not offer channel binding/);
      expect(Buffer.concat(received).toString("latin1")).not.toContain("never-sent-5e1a");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses private and loopback hosts under the default egress policy, in any spelling", async () => {
    for (const host of ["127.0.0.1", "2130706433", "0x7f.1", "localhost", "169.254.169.254"]) {
      const result = await postgresql.test(readerConfig({ host }));
      expect(result.details.result, host).toBe("blocked_by_policy");
    }
  });
});
