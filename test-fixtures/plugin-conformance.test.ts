import { fileURLToPath } from "node:url";
import { createRegistry } from "@plugboard/core";
import { getRefusedPort, startFakeHttpServer, testProviderConformance } from "@plugboard/testkit";
import { afterAll, describe } from "vitest";

// A third-party plugin, loaded the way a backend loads one: by package name, through the registry.
const registry = createRegistry({
  resolveFrom: fileURLToPath(new URL(".", import.meta.url)),
  plugins: ["plugboard-provider-example"],
});
afterAll(() => registry.close());

const TOKEN = "status-token-51c2";

async function statusServer() {
  const server = await startFakeHttpServer((request, reply) => {
    if (request.url.pathname !== "/api/status") return reply.json(404, { error: "not found" });
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply.json(401, { error: "bad token" });
    return reply.json(200, { status: "operational" });
  });
  return server;
}

const scenario =
  (path: string, token = TOKEN) =>
  async () => {
    const server = await statusServer();
    return { config: { url: `${server.url}${path}`, token }, cleanup: server.close };
  };

describe("third-party plugin loaded by package name (plugboard-provider-example)", () => {
  testProviderConformance({
    provider: () => registry.get("status_page"),
    validConfigs: [{ url: "https://status.example.com/api/status", token: TOKEN }],
    invalidConfigs: [
      { config: { url: "not a url", token: TOKEN }, path: "url" },
      { config: { url: "https://status.example.com", token: "abc" }, path: "token" },
    ],
    success: scenario("/api/status"),
    failures: {
      auth_failed: scenario("/api/status", "wrong-token-0000"),
      not_found: scenario("/elsewhere"),
      network_error: async () => ({
        config: { url: `http://127.0.0.1:${await getRefusedPort()}/api/status`, token: TOKEN },
      }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: { url: `${server.url}/api/status`, token: TOKEN }, cleanup: server.close };
    },
  });
});
