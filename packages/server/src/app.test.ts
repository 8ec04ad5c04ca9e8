import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createKeyRing, createRegistry, type ProviderRegistry } from "@plugboard/core";
import httpApi from "@plugboard/provider-http-api";
import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPostgres } from "./__tests__/test-postgres.js";
import { generateApiKey, hashApiKey } from "./api-keys.js";
import { createConnectionsApp } from "./app.js";
import type { Env } from "./routes/route-context.js";
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
  /** In bodies that are not JSON: never to be echoed (V8's parser messages quote the start of the text). */
  const LEAKY = "leaky-secret-7d1e";
  let acceptedToken = SECRET;
  let api: FakeHttpServer;
  let store: ConnectionStore;
  let registry: ProviderRegistry;
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
    registry = createRegistry({ providers: { http_api: httpApi }, egress: { allow: ["127.0.0.0/8"] } });
    const listening = await listen(
      createConnectionsApp({
        registry,
        store,
        keyRing: createKeyRing({ keys: [{ id: "k1", key: randomBytes(32) }], primaryKeyId: "k1" }),
        log: (line) => logLines.push(JSON.stringify(line)),
      }),
    );
    base = listening.base;
    close = async () => {
      await listening.close();
      await registry.close();
      await store.close();
      await stopDatabase();
      await api.close();
    };
  });
  afterAll(() => close());

  /** Serves an app over HTTP on a free loopback port; `base` is its connections URL. */
  async function listen(app: Hono<Env>) {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    return {
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/organizations/connections`,
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  }

  /** Sends `body` as it is (a JSON content type whatever it holds) and keeps the answer's text. */
  async function send(method: string, url: string, body: string | undefined, key: string | null) {
    const response = await fetch(url, {
      method,
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    transcripts.push(text);
    return { status: response.status, body: JSON.parse(text), text };
  }

  const call = (method: string, path: string, body?: unknown, key: string | null = keys.acme) =>
    send(method, `${base}${path}`, body === undefined ? undefined : JSON.stringify(body), key);

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

    it("answers a body that is not JSON with 400 invalid_json, never echoing the body", async () => {
      const malformed = [
        `{"name": "x",`,
        `{"name": "Leaky", "provider_type": "http_api", "provider_config": {"auth": {"type": "bearer", "token": "${LEAKY}" oops`,
        `${LEAKY} is not JSON`, // V8's message for this one quotes the body's first characters
        "",
        "   ",
      ];
      for (const body of malformed) {
        for (const [method, path] of [
          ["POST", ""],
          ["PATCH", "/Billing%20API"],
        ] as const) {
          const answer = await send(method, `${base}${path}`, body, keys.acme);
          expect(answer.status, `${method} ${JSON.stringify(body)}`).toBe(400);
          expect(answer.body).toEqual({
            error: {
              code: "invalid_json",
              message: expect.stringMatching(/^The request body is not valid JSON/),
            },
          });
          expect(answer.text).not.toContain(LEAKY.slice(0, 8));
        }
      }
      const empty = await send("POST", base, "", keys.acme);
      expect(empty.body.error.message).toContain("it is empty");
      const truncated = await send("POST", base, `{"name": "x",`, keys.acme);
      expect(truncated.body.error.message).toContain("at position 13");
      // Valid JSON that is not an object is still the 422 naming the field (the root).
      for (const body of [[1, 2], "text", null, 42]) {
        for (const [method, path] of [
          ["POST", ""],
          ["PATCH", "/Billing%20API"],
        ] as const) {
          const answer = await call(method, path, body);
          expect(answer.status, `${method} ${JSON.stringify(body)}`).toBe(422);
          expect(answer.body.error).toMatchObject({ code: "invalid_request", issues: [{ path: "(root)" }] });
          expect(answer.body.error.message).toMatch(/^\(root\): /);
        }
      }
      expect((await call("GET", "/Leaky")).status).toBe(404);
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

    it("answers a connection sealed with a key gone from the ring with sealing_key_missing, logged once", async () => {
      const created = await call("POST", "", connection("Sealed with k1"));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id: string = created.body.connection_id;
      const sealed = (await store.find("org_acme", id))?.sealed ?? "";
      expect(sealed.split(".")[1]).toBe("k1");
      // The server restarted over the same store with PLUGBOARD_SECRET_KEYS holding only k2: k1 was removed
      // too early during a rotation.
      const restarted = await listen(
        createConnectionsApp({
          registry,
          store,
          keyRing: createKeyRing({ keys: [{ id: "k2", key: randomBytes(32) }], primaryKeyId: "k2" }),
          log: (line) => logLines.push(JSON.stringify(line)),
        }),
      );
      const at = (path: string) => `${restarted.base}${path}`;
      try {
        const answers = [
          await send("POST", at(`/${id}/test`), undefined, keys.acme),
          await send(
            "PATCH",
            at("/Sealed%20with%20k1"),
            JSON.stringify({ provider_config: created.body.provider_config }),
            keys.acme,
          ),
          await send("POST", at("/Sealed%20with%20k1/test"), undefined, keys.acme),
        ];
        for (const answer of answers) {
          expect(answer.status).toBe(500);
          expect(answer.body).toEqual({
            error: {
              code: "sealing_key_missing",
              message: expect.stringContaining(
                'sealed with key "k1", which is not in PLUGBOARD_SECRET_KEYS; the server\'s operator must add that key back (see docs/guides/server.md#rotating-keys)',
              ),
              key_id: "k1",
            },
          });
        }
        // Not a failure of the connection: nothing was tested or saved. What needs no secret still works.
        const renamed = await send(
          "PATCH",
          at(`/${id}`),
          JSON.stringify({ description: "still editable" }),
          keys.acme,
        );
        expect(renamed.status).toBe(200);
        expect(renamed.body).toMatchObject({ status: "ACTIVE", consecutive_failures: 0 });
        const warnings = logLines.filter((line) => line.includes('"sealing_key_missing"'));
        expect(warnings.filter((line) => line.includes(id)).map((line) => JSON.parse(line))).toEqual([
          {
            level: "warn",
            event: "sealing_key_missing",
            organization: "org_acme",
            connection: id,
            key_id: "k1",
            message: expect.stringContaining(`connection ${id} (organization org_acme)`),
          },
        ]);
        const everything = [...answers.map((answer) => answer.text), ...logLines].join("\n");
        for (const part of [SECRET, sealed, ...sealed.split(".").slice(2)])
          expect(everything).not.toContain(part);
      } finally {
        await restarted.close();
      }
      // With k1 back (the original app), the connection tests normally.
      expect((await call("POST", `/${id}/test`)).body.success).toBe(true);
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
      const operations = document.paths as Record<string, Record<string, { responses: object }>>;
      const collection = operations["/v1/organizations/connections"];
      const one = operations["/v1/organizations/connections/{connection_identifier}"];
      const test = operations["/v1/organizations/connections/{connection_identifier}/test"];
      expect(collection?.post?.responses).toHaveProperty("400");
      expect(one?.patch?.responses).toHaveProperty("400");
      expect(one?.get?.responses).not.toHaveProperty("400");
      expect(test?.post?.responses).not.toHaveProperty("400");
      for (const operation of [one?.patch, test?.post])
        expect(JSON.stringify(operation?.responses)).toContain("sealing_key_missing");
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
      for (const secret of [SECRET, LEAKY, "wrong-token-0000", "wrong-token-1111", keys.acme, keys.globex])
        expect(everything).not.toContain(secret);
    });
  });
});
