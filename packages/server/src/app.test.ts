import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createKeyRing, createRegistry } from "@plugboard/core";
import httpApi from "@plugboard/provider-http-api";
import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPostgres } from "./__tests__/test-postgres.js";
import { generateApiKey, hashApiKey } from "./api-keys.js";
import { createConnectionsApp } from "./app.js";
import type { ConnectionStore } from "./store/connection-store.js";
import { createPgliteStore } from "./store/pglite-store.js";
import { createPostgresStore } from "./store/postgres-store.js";

/**
 * The connections API end to end over real HTTP, on both stores (the embedded PGlite and a real PostgreSQL
 * started here), creating and testing http_api connections against a local API that checks its bearer token.
 */
const STORES: Array<[string, () => Promise<{ store: ConnectionStore; stop(): Promise<void> }>]> = [
  ["PGlite", async () => ({ store: await createPgliteStore(), stop: async () => {} })],
  [
    "PostgreSQL",
    async () => {
      const server = await startTestPostgres();
      return {
        store: await createPostgresStore({ connectionString: server.connectionString }),
        stop: server.stop,
      };
    },
  ],
];
describe.each(STORES)("the connections API on %s", (_name, openStore) => {
  const SECRET = "right-token-5f0c2a9e";
  let acceptedToken = SECRET;
  let api: FakeHttpServer;
  let store: ConnectionStore;
  let base = "";
  let close: () => Promise<void>;
  let stopDatabase: () => Promise<void>;
  const keys = { acme: generateApiKey(), globex: generateApiKey() };
  const logLines: string[] = [];
  const transcripts: string[] = [];

  beforeAll(async () => {
    const opened = await openStore();
    store = opened.store;
    stopDatabase = opened.stop;
    api = await startFakeHttpServer((request, reply) =>
      request.headers.authorization === `Bearer ${acceptedToken}`
        ? reply.json(200, { status: "ok" })
        : reply.json(401, { error: "unauthorized", echoed: String(request.headers.authorization) }),
    );
    await store.addApiKey("org_acme", hashApiKey(keys.acme));
    await store.addApiKey("org_globex", hashApiKey(keys.globex));
    const registry = createRegistry({ providers: { http_api: httpApi }, egress: { allow: ["127.0.0.0/8"] } });
    const app = createConnectionsApp({
      registry,
      store,
      keyRing: createKeyRing({ keys: [{ id: "k1", key: randomBytes(32) }], primaryKeyId: "k1" }),
      log: (line) => logLines.push(JSON.stringify(line)),
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/organizations/connections`;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await registry.close();
      await store.close();
      await stopDatabase();
      await api.close();
    };
  });
  afterAll(() => close());

  async function call(method: string, path: string, body?: unknown, key: string | null = keys.acme) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    transcripts.push(text);
    return { status: response.status, body: JSON.parse(text) };
  }

  const connection = (name: string, token = SECRET, extra: Record<string, unknown> = {}) => ({
    name,
    provider_type: "http_api",
    provider_config: {
      base_url: api.url,
      auth: { type: "bearer", token },
      health_check: { path: "/health" },
    },
    ...extra,
  });

  describe("routes", () => {
    it("creates a connection after testing it, and returns it with its secrets redacted", async () => {
      const created = await call(
        "POST",
        "",
        connection("Billing API", SECRET, { metadata: { team: "billing" } }),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({
        connection_id: expect.stringMatching(/^conn_[A-Za-z0-9]{15}$/),
        name: "Billing API",
        status: "ACTIVE",
        is_active: true,
        organization_id: "org_acme",
        metadata: { team: "billing" },
        last_test: { success: true, result: "success" },
        provider_config: { auth: { type: "bearer", token: "***REDACTED***" } },
        test_result: { success: true },
      });
    });

    it("saves nothing when the test before saving fails, and returns the test's result", async () => {
      const refused = await call("POST", "", connection("Wrong key", "wrong-token-0000"));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ success: false, details: { result: "auth_failed" } });
      const list = await call("GET", "");
      expect(list.body.data.map((item: { name: string }) => item.name)).not.toContain("Wrong key");
    });

    it("saves without testing when test_before_save is false", async () => {
      const saved = await call(
        "POST",
        "",
        connection("Untested", "wrong-token-1111", { test_before_save: false }),
      );
      expect(saved.status).toBe(201);
      expect(saved.body.last_test).toBeNull();
    });

    it("refuses a duplicate name and bad payloads, naming the field", async () => {
      expect((await call("POST", "", connection("Billing API"))).status).toBe(409);
      const noName = await call("POST", "", { ...connection("x"), name: "" });
      expect(noName.status).toBe(422);
      expect(noName.body.error.issues[0].path).toBe("name");
      const badUrl = await call("POST", "", {
        ...connection("Bad URL"),
        provider_config: { base_url: "ftp://files", auth: { type: "none" } },
      });
      expect(badUrl.status).toBe(422);
      expect(badUrl.body.error.issues.map((issue: { path: string }) => issue.path)).toContain(
        "provider_config.base_url",
      );
      const unknownType = await call("POST", "", { ...connection("Unknown"), provider_type: "ftp" });
      expect(unknownType.status).toBe(422);
      expect(unknownType.body.error.issues[0].path).toBe("provider_type");
      expect((await call("POST", "", "not json at all")).status).toBe(422);
    });

    it("tests by id and by name, with the sealed secret", async () => {
      const { body } = await call("GET", "/Billing%20API");
      const byId = await call("POST", `/${body.connection_id}/test`);
      expect(byId.body).toMatchObject({ success: true, details: { result: "success" } });
      const byName = await call("POST", "/Billing%20API/test");
      expect(byName.body.success).toBe(true);
    });

    it("suspends a connection after 5 consecutive failures", async () => {
      acceptedToken = "rotated-token-9999";
      try {
        for (let attempt = 1; attempt <= 5; attempt++) {
          const result = await call("POST", "/Billing%20API/test");
          expect(result.body.details.result).toBe("auth_failed");
        }
        const { body } = await call("GET", "/Billing%20API");
        expect(body).toMatchObject({ status: "SUSPENDED", is_active: false, consecutive_failures: 5 });
      } finally {
        acceptedToken = SECRET;
      }
    });

    it("never shows one organization's connections to another, and refuses missing or wrong keys", async () => {
      const other = await call("GET", "/Billing%20API", undefined, keys.globex);
      expect(other.status).toBe(404);
      expect((await call("POST", "/Billing%20API/test", undefined, keys.globex)).status).toBe(404);
      expect((await call("GET", "", undefined, keys.globex)).body.data).toEqual([]);
      expect((await call("GET", "", undefined, null)).status).toBe(401);
      expect((await call("GET", "", undefined, generateApiKey())).status).toBe(401);
    });

    it("updates a connection; a secret sent back redacted keeps the stored one", async () => {
      const { body: current } = await call("GET", "/Billing%20API");
      const updated = await call("PATCH", "/Billing%20API", {
        description: "The billing service",
        provider_config: current.provider_config,
      });
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
      expect(updated.body.provider_config.auth.token).toBe("***REDACTED***");
      await call("POST", "/Billing%20API/reactivate");
      expect((await call("POST", "/Billing%20API/test")).body.success).toBe(true);
      const bad = await call("PATCH", "/Billing%20API", {
        provider_config: { ...current.provider_config, base_url: "ftp://files" },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.issues[0].path).toBe("provider_config.base_url");
      expect((await call("PATCH", "/Billing%20API", { name: "Untested" })).status).toBe(409);
    });

    it("suspends, reactivates and archives; archived is final", async () => {
      expect((await call("POST", "/Untested/suspend")).body.status).toBe("SUSPENDED");
      expect((await call("POST", "/Untested/reactivate")).body.status).toBe("ACTIVE");
      expect((await call("POST", "/Untested/archive")).body).toMatchObject({
        status: "ARCHIVED",
        is_active: false,
      });
      expect((await call("POST", "/Untested/reactivate")).status).toBe(409);
      expect((await call("PATCH", "/Untested", { description: "again" })).status).toBe(409);
      expect((await call("POST", "/Untested/test")).status).toBe(409);
    });

    it("serves an OpenAPI 3.1 document built from the core's schemas", async () => {
      const response = await fetch(base.replace("/v1/organizations/connections", "/openapi.json"));
      const document = (await response.json()) as {
        openapi: string;
        paths: Record<string, unknown>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      expect(document.openapi).toBe("3.1.0");
      expect(Object.keys(document.paths)).toContain(
        "/v1/organizations/connections/{connection_identifier}/test",
      );
      const request = document.components.schemas.CreateConnectionRequest;
      expect(JSON.stringify(request)).toContain('"writeOnly":true');
      expect(document.components.schemas.ConnectionRecord?.properties).toHaveProperty("consecutive_failures");
    });

    it("answers an internal failure with a bare 500 and logs only the error's name", async () => {
      const failing = createConnectionsApp({
        registry: createRegistry({ providers: { http_api: httpApi } }),
        store: {
          ...store,
          list: () => Promise.reject(Object.assign(new Error(`boom ${SECRET}`), { code: "XX000" })),
        },
        keyRing: createKeyRing({ keys: [{ id: "k1", key: randomBytes(32) }], primaryKeyId: "k1" }),
        log: (line) => logLines.push(JSON.stringify(line)),
      });
      const response = await failing.request("/v1/organizations/connections", {
        headers: { authorization: `Bearer ${keys.acme}` },
      });
      expect(response.status).toBe(500);
      const text = await response.text();
      transcripts.push(text);
      expect(JSON.parse(text)).toEqual({
        error: { code: "internal_error", message: "The server failed to handle the request." },
      });
      expect(
        logLines.some((line) => line.includes('"error":"Error"') && line.includes('"code":"XX000"')),
      ).toBe(true);
    });

    it("puts no secret in any response or log line", () => {
      const everything = [...transcripts, ...logLines].join("\n");
      expect(transcripts.length).toBeGreaterThan(10);
      for (const secret of [SECRET, "wrong-token-0000", "wrong-token-1111", keys.acme, keys.globex])
        expect(everything).not.toContain(secret);
    });
  });
});
