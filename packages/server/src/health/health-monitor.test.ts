import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createKeyRing, createRegistry, type KeyRing, type ProviderRegistry } from "@plugboard/core";
import httpApi from "@plugboard/provider-http-api";
import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPostgres } from "../__tests__/test-postgres.js";
import { generateApiKey, hashApiKey } from "../api-keys.js";
import { createConnectionsApp } from "../app.js";
import type { ConnectionStore } from "../store/connection-store.js";
import { createPgliteStore } from "../store/pglite-store.js";
import { createPostgresStore } from "../store/postgres-store.js";
import { startInProcessMonitor } from "./in-process-monitor.js";
import { startPgBossMonitor } from "./pg-boss-monitor.js";

/**
 * Scheduled re-tests: every ACTIVE connection tested once per sweep (counted by the API it checks, one path per
 * connection), lifecycles saved, and — on PostgreSQL with pg-boss — two processes' workers sharing the queue
 * without testing any connection twice, even when both start a sweep at once.
 */
const TOKEN = "health-token-3c8d";
let api: FakeHttpServer;
let failing = false;
const hits = new Map<string, number>();
let registry: ProviderRegistry;
const keyRing: KeyRing = createKeyRing({ keys: [{ id: "k1", key: randomBytes(32) }], primaryKeyId: "k1" });
/** The ring after k1 was removed too early during a rotation: connections sealed with k1 cannot be opened. */
const ringWithoutK1: KeyRing = createKeyRing({
  keys: [{ id: "k2", key: randomBytes(32) }],
  primaryKeyId: "k2",
});

beforeAll(async () => {
  api = await startFakeHttpServer((request, reply) => {
    const ok = !failing && request.headers.authorization === `Bearer ${TOKEN}`;
    if (ok) hits.set(request.url.pathname, (hits.get(request.url.pathname) ?? 0) + 1);
    return reply.json(ok ? 200 : 401, {});
  });
  registry = createRegistry({ providers: { http_api: httpApi }, egress: { allow: ["127.0.0.0/8"] } });
});
afterAll(async () => {
  await registry.close();
  await api.close();
});

/** Creates `count` connections through the API (tested before saving), each checking its own path. */
async function seed(store: ConnectionStore, prefix: string, count: number): Promise<string[]> {
  const key = generateApiKey();
  await store.addApiKey(`org_${prefix}`, hashApiKey(key));
  const app = createConnectionsApp({ registry, store, keyRing });
  const paths: string[] = [];
  for (let index = 0; index < count; index++) {
    const path = `/health/${prefix}-${index}`;
    const response = await app.request("/v1/organizations/connections", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: `${prefix} ${index}`,
        provider_type: "http_api",
        provider_config: {
          base_url: api.url,
          auth: { type: "bearer", token: TOKEN },
          health_check: { path },
        },
      }),
    });
    expect(response.status).toBe(201);
    paths.push(path);
  }
  for (const path of paths) hits.delete(path); // count only the sweeps' requests
  return paths;
}

describe("in-process health monitor (embedded store)", () => {
  it("re-tests every active connection once per sweep and suspends after 5 failed sweeps", async () => {
    const store = await createPgliteStore();
    const monitor = startInProcessMonitor(
      { registry, store, keyRing, now: () => new Date() },
      { intervalMs: 3_600_000 },
    );
    try {
      const paths = await seed(store, "solo", 3);
      expect(await monitor.sweep()).toBe(3);
      expect(paths.map((path) => hits.get(path))).toEqual([1, 1, 1]);
      failing = true;
      for (let round = 0; round < 5; round++) await monitor.sweep();
      const records = await store.list("org_solo");
      expect(records.map((stored) => stored.record.status)).toEqual(["SUSPENDED", "SUSPENDED", "SUSPENDED"]);
      expect(await monitor.sweep()).toBe(0); // suspended connections are no longer swept
    } finally {
      failing = false;
      await monitor.stop();
      await store.close();
    }
  });

  it("never suspends a connection whose sealing key is missing from the ring, and logs it once", async () => {
    const store = await createPgliteStore();
    const lines: Record<string, unknown>[] = [];
    const monitor = startInProcessMonitor(
      { registry, store, keyRing: ringWithoutK1, now: () => new Date(), log: (line) => lines.push(line) },
      { intervalMs: 3_600_000 },
    );
    try {
      const paths = await seed(store, "rotated", 2); // sealed with k1
      for (let round = 0; round < 6; round++) expect(await monitor.sweep()).toBe(2);
      expect(paths.map((path) => hits.get(path) ?? 0)).toEqual([0, 0]); // nothing could be tested
      const records = (await store.list("org_rotated")).map((stored) => stored.record);
      expect(records.map(({ status, consecutive_failures }) => [status, consecutive_failures])).toEqual([
        ["ACTIVE", 0],
        ["ACTIVE", 0],
      ]);
      expect(lines).toHaveLength(2); // once per connection, not once per sweep
      expect(lines).toEqual(
        expect.arrayContaining(
          records.map((record) =>
            expect.objectContaining({
              level: "warn",
              event: "sealing_key_missing",
              organization: "org_rotated",
              connection: record.connection_id,
              key_id: "k1",
            }),
          ),
        ),
      );
      expect(JSON.stringify(lines)).not.toContain(TOKEN);
    } finally {
      await monitor.stop();
      await store.close();
    }
  });
});

describe("pg-boss health monitor (PostgreSQL, two processes)", () => {
  let database: Awaited<ReturnType<typeof startTestPostgres>>;
  beforeAll(async () => {
    database = await startTestPostgres();
  });
  afterAll(() => database.stop());

  it("shares the queue between two processes' workers without testing a connection twice", async () => {
    const stores = [
      await createPostgresStore({ connectionString: database.connectionString }),
      await createPostgresStore({ connectionString: database.connectionString }),
    ];
    const monitors = await Promise.all(
      stores.map((store) =>
        startPgBossMonitor(
          { registry, store, keyRing, now: () => new Date() },
          { connectionString: database.connectionString, workers: 2, pollingIntervalSeconds: 0.5 },
        ),
      ),
    );
    try {
      const paths = await seed(stores[0] as ConnectionStore, "shared", 6);
      // Both processes start a sweep at the same time: each connection is queued once.
      const queued = await Promise.all(monitors.map((monitor) => monitor.sweep()));
      expect(queued).toEqual([6, 6]);
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && paths.some((path) => !hits.get(path))) await sleep(200);
      await sleep(1_500); // time for a duplicate to show up, if there were one
      expect(paths.map((path) => hits.get(path) ?? 0)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await Promise.all(monitors.map((monitor) => monitor.stop()));
      await Promise.all(stores.map((store) => store.close()));
    }
  }, 60_000);

  it("completes the check of a connection whose sealing key is missing, saving nothing and logging it once", async () => {
    const store = await createPostgresStore({ connectionString: database.connectionString });
    const lines: Record<string, unknown>[] = [];
    const monitor = await startPgBossMonitor(
      { registry, store, keyRing: ringWithoutK1, now: () => new Date(), log: (line) => lines.push(line) },
      { connectionString: database.connectionString, workers: 1, pollingIntervalSeconds: 0.5 },
    );
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      const [path] = await seed(store, "pgrotated", 1);
      const [stored] = await store.list("org_pgrotated");
      const id = stored?.record.connection_id;
      const stateOf = async () =>
        (
          await client.query<{ state: string }>(
            "SELECT state FROM pgboss.job WHERE name = 'plugboard-health-check' AND data->>'connection_id' = $1",
            [id],
          )
        ).rows[0]?.state;
      await monitor.sweep();
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !["completed", "failed"].includes((await stateOf()) ?? ""))
        await sleep(200);
      expect(await stateOf()).toBe("completed");
      expect(hits.get(path as string) ?? 0).toBe(0);
      const [after] = await store.list("org_pgrotated");
      expect(after?.record).toMatchObject({ status: "ACTIVE", consecutive_failures: 0 });
      expect(lines.filter((line) => line.connection === id)).toEqual([
        expect.objectContaining({
          event: "sealing_key_missing",
          organization: "org_pgrotated",
          key_id: "k1",
        }),
      ]);
    } finally {
      await client.end();
      await monitor.stop();
      await store.close();
    }
  }, 60_000);
});
