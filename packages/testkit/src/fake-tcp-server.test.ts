import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type FakeTcpServer, getRefusedPort, startFakeTcpServer } from "./fake-tcp-server.js";

const servers: FakeTcpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startFakeTcpServer>): Promise<FakeTcpServer> {
  const server = await startFakeTcpServer(...args);
  servers.push(server);
  return server;
}

/** Connects, writes a greeting, and reports how the connection ended (or "silence" after `waitMs`). */
function converse(port: number, host = "127.0.0.1", waitMs = 150): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => socket.write("hello"));
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("silence");
    }, waitMs);
    const finish = (outcome: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? "error"));
    socket.on("end", () =>
      finish(received.length > 0 ? `data ${Buffer.concat(received).toString()}` : "end"),
    );
  });
}

describe("startFakeTcpServer", () => {
  it("stall: accepts, reads and never answers", async () => {
    const server = await start("stall");
    expect(await converse(server.port)).toBe("silence");
    expect(server.connections()).toBe(1);
  });

  it("reset: the client sees ECONNRESET", async () => {
    const server = await start("reset");
    expect(await converse(server.port)).toBe("ECONNRESET");
  });

  it("close: the server ends the connection at once", async () => {
    const server = await start("close");
    expect(await converse(server.port)).toBe("end");
  });

  it("hands the socket to a handler, and takes { mode, host }", async () => {
    const server = await start({
      mode: (socket) => socket.once("data", (chunk: Buffer) => socket.end(`echo ${chunk.toString()}`)),
      host: "127.0.0.2",
    });
    expect(server.host).toBe("127.0.0.2");
    expect(await converse(server.port, "127.0.0.2")).toBe("data echo hello");
  });

  it("listens on ::1", async () => {
    const server = await start("close", { host: "::1" });
    expect(await converse(server.port, "::1")).toBe("end");
  });

  it("close() ends promptly with stalled connections open, and twice is harmless", async () => {
    const server = await startFakeTcpServer("stall");
    const sockets: Socket[] = [connect(server.port, "127.0.0.1"), connect(server.port, "127.0.0.1")];
    const closed = sockets.map((socket) => new Promise((resolve) => socket.on("close", resolve)));
    for (const socket of sockets) socket.on("error", () => {});
    await vi.waitFor(() => expect(server.connections()).toBe(2));
    const startedAt = performance.now();
    await server.close();
    expect(performance.now() - startedAt).toBeLessThan(500);
    await Promise.all(closed);
    await server.close();
  });
});

describe("getRefusedPort", () => {
  it("returns a loopback port that refuses connections", async () => {
    const port = await getRefusedPort();
    expect(port).toBeGreaterThan(0);
    expect(await converse(port)).toBe("ECONNREFUSED");
    const viaFetch = await fetch(`http://127.0.0.1:${port}/`).catch((error: Error) => error);
    expect((viaFetch as { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
  });

  it("works on another loopback address", async () => {
    const port = await getRefusedPort("127.0.0.3");
    expect(await converse(port, "127.0.0.3")).toBe("ECONNREFUSED");
  });
});
