import { request } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeHttpServer } from "./fake-http-server.js";
import { getRefusedPort, startFakeTcpServer } from "./fake-tcp-server.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function started<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const value = await server;
  closers.push(() => value.close());
  return value;
}

/** Fetch with a short timeout, returning what happened instead of throwing. */
async function attempt(
  url: string,
  timeoutMs = 300,
): Promise<{ status?: number; body?: string; error?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? (error as Error).name };
  }
}

describe("startFakeHttpServer", () => {
  it("answers from a route table, records requests and 404s unknown routes with JSON", async () => {
    const server = await started(
      startFakeHttpServer({
        "GET /v1/me": { json: { id: 7 } },
        "POST /v1/items": { status: 201, body: "created" },
      }),
    );
    expect(await attempt(`${server.url}/v1/me?x=1`)).toEqual({ status: 200, body: '{"id":7}' });
    const missing = await attempt(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body ?? "")).toMatchObject({ error: "not_found" });
    expect(server.requests.map((r) => r.path)).toEqual(["/v1/me?x=1", "/nope"]);
  });

  it("delays an answer and adds server-wide latency", async () => {
    const server = await started(
      startFakeHttpServer((_req, reply) => reply.send({ delayMs: 80, body: "late" }), { latencyMs: 40 }),
    );
    const startedAt = performance.now();
    expect(await attempt(server.url, 2_000)).toEqual({ status: 200, body: "late" });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(110);
  });

  it("stalls: the client times out, and close() still ends at once", async () => {
    const server = await startFakeHttpServer((_req, reply) => reply.stall());
    expect(await attempt(server.url, 200)).toEqual({ error: "TimeoutError" });
    const closing = performance.now();
    await server.close();
    expect(performance.now() - closing).toBeLessThan(1_000);
  });

  it("resets the connection", async () => {
    const server = await started(startFakeHttpServer((_req, reply) => reply.reset()));
    const outcome = await new Promise<string>((resolve) => {
      request(server.url, (response) => resolve(`status ${response.statusCode}`))
        .on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
        .end();
    });
    expect(outcome).toMatch(/ECONNRESET|socket hang up/);
  });

  it("listens on other loopback addresses", async () => {
    const server = await started(startFakeHttpServer({ "GET /": { body: "two" } }, { host: "127.0.0.2" }));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect(await attempt(`${server.url}/`)).toEqual({ status: 200, body: "two" });
  });
});

describe("startFakeTcpServer and getRefusedPort", () => {
  it("stalls, resets or closes raw connections", async () => {
    for (const [mode, expected] of [
      ["reset", "ECONNRESET"],
      ["close", "end"],
    ] as const) {
      const server = await started(startFakeTcpServer(mode));
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(server.port, server.host);
        socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
        socket.on("end", () => resolve("end"));
        socket.resume();
      });
      expect(outcome).toBe(expected);
    }
    const stalled = await started(startFakeTcpServer("stall"));
    const socket = connect(stalled.port, stalled.host);
    await new Promise((resolve) => socket.once("connect", resolve));
    const data = await Promise.race([
      new Promise((resolve) => socket.once("data", resolve)),
      new Promise((resolve) => setTimeout(() => resolve("silence"), 150)),
    ]);
    expect(data).toBe("silence");
    expect(stalled.connections()).toBe(1);
    socket.destroy();
  });

  it("finds a port that refuses connections", async () => {
    const port = await getRefusedPort();
    expect(await attempt(`http://127.0.0.1:${port}/`)).toEqual({ error: "ECONNREFUSED" });
  });
});
