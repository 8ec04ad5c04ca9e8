import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The key the demo API accepts. */
export const DEMO_API_KEY = "demo-key-7f3a9c1e";

/** An `http_api` connection to the demo API with this bearer token. */
export function demoConnection(baseUrl: string, token: string) {
  return { base_url: baseUrl, auth: { type: "bearer", token }, health_check: { path: "/v1/me" } };
}

/** A tiny local API for the demo: `GET /v1/me` with `Authorization: Bearer <key>`. */
export async function startDemoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const authorized = request.headers.authorization === `Bearer ${DEMO_API_KEY}`;
    response.setHeader("content-type", "application/json");
    if (request.url !== "/v1/me") {
      response.writeHead(404).end(JSON.stringify({ error: "not_found" }));
    } else if (!authorized) {
      // Echoes the key back, as careless APIs do: the demo shows the core scrubbing it.
      const key = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      response.writeHead(401).end(JSON.stringify({ error: `Invalid API key '${key}'` }));
    } else {
      response.writeHead(200).end(JSON.stringify({ account: "demo@plugboard.dev" }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
