import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startFakeTcpServer } from "./fake-tcp-server.js";
import { startLatencyProxy } from "./latency-proxy.js";

describe("startLatencyProxy", () => {
  it("passes both directions through, in order, holding what the server sends for the latency", async () => {
    // An echo server answering each chunk with its length-prefixed copy.
    const server = await startFakeTcpServer((socket) =>
      socket.on("data", (chunk) => socket.write(`<${chunk}>`)),
    );
    const proxy = await startLatencyProxy(server.port, 80);
    try {
      const client = connect({ host: "127.0.0.1", port: proxy.port });
      const received: string[] = [];
      const started = performance.now();
      const firstAnswer = new Promise<number>((resolve) =>
        client.on("data", (chunk) => {
          received.push(String(chunk));
          if (received.length === 1) resolve(performance.now() - started);
        }),
      );
      client.write("one");
      expect(await firstAnswer).toBeGreaterThanOrEqual(75);
      client.write("two");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received.join("")).toBe("<one><two>");
      client.destroy();
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});
