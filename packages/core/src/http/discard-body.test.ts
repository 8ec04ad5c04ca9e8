import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discardBody } from "./discard-body.js";

let server: Server;
let origin = "";
const connections = new Set<string>();
beforeAll(async () => {
  server = createServer((request, response) => {
    connections.add(`${request.socket.remotePort}`);
    if (request.url === "/endless") {
      response.writeHead(200);
      const chunk = Buffer.alloc(16_384, 97);
      const pump = () => {
        while (response.write(chunk)) {}
        response.once("drain", pump);
      };
      response.on("close", () => response.removeAllListeners("drain"));
      return pump();
    }
    response.writeHead(200, { "content-type": "text/plain" }).end("small body");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("discardBody", () => {
  it("reads a small body to its end, leaving the connection in the pool", async () => {
    connections.clear();
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${origin}/small`);
      await discardBody(response);
      expect(response.bodyUsed).toBe(true);
    }
    // Five requests, no new connection per request.
    expect(connections.size).toBeLessThan(5);
  });

  it("stops reading an endless body past its limit", async () => {
    const response = await fetch(`${origin}/endless`);
    await discardBody(response, 100_000);
    expect(response.bodyUsed).toBe(true);
  });

  it("returns without throwing when there is no body or the request was aborted", async () => {
    await expect(discardBody(new Response(null))).resolves.toBeUndefined();
    const controller = new AbortController();
    const response = await fetch(`${origin}/endless`, { signal: controller.signal });
    controller.abort();
    await expect(discardBody(response)).resolves.toBeUndefined();
  });
});
