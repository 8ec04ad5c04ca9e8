import { Agent, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type FakeHttpServer, startFakeHttpServer } from "./fake-http-server.js";

// A self-signed P-256 certificate for 127.0.0.1, ::1 and localhost, valid until 2126; test use only.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgwcTWUbHfScQQkkon
XrvNad/3C38wGf5NqooH+FJ5oBuhRANCAATCblGVCfISlASOr/gqdMJRzsYXVI2J
3qNf4QOH/9jS/s4fwdd7vl9z2h7q0dxfX0/mrip9X+3o5f9lDTHzt/sz
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBrjCCAVSgAwIBAgIUWbp6l2rx4gYw84JE6wKSe+A6ebwwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTAxMTkwMVoYDzIxMjYxMTAx
MDExOTAxWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATCblGVCfISlASOr/gqdMJRzsYXVI2J3qNf4QOH/9jS/s4fwdd7vl9z
2h7q0dxfX0/mrip9X+3o5f9lDTHzt/szo4GBMH8wHQYDVR0OBBYEFCRC/RAaGYYu
l3/jgl5PjFlQt8ewMB8GA1UdIwQYMBaAFCRC/RAaGYYul3/jgl5PjFlQt8ewMA8G
A1UdEwEB/wQFMAMBAf8wLAYDVR0RBCUwI4cEfwAAAYcQAAAAAAAAAAAAAAAAAAAA
AYIJbG9jYWxob3N0MAoGCCqGSM49BAMCA0gAMEUCIDZPSbcBq9muwc5loZrhSG+h
gP7D118cMUvhPYlDTKpVAiEArTWNopNIJxrKgQKY4+4xWXNZhMsfZ4k+teQroCFo
X9c=
-----END CERTIFICATE-----
`;

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startFakeHttpServer>): Promise<FakeHttpServer> {
  const server = await startFakeHttpServer(...args);
  servers.push(server);
  return server;
}

interface Outcome {
  status?: number;
  body?: string;
  contentType?: string | null;
  error?: string;
}

/** Fetch with a deadline, returning what happened instead of throwing. */
async function attempt(url: string, init: RequestInit = {}, timeoutMs = 2_000): Promise<Outcome> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return {
      status: response.status,
      body: await response.text(),
      contentType: response.headers.get("content-type"),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? (error as Error).name };
  }
}

const elapsedSince = (startedAt: number) => performance.now() - startedAt;

describe("startFakeHttpServer: answers", () => {
  it("answers from a route table and records every request", async () => {
    const server = await start({
      "GET /v1/users/me": { json: { id: 7 } },
      "POST /v1/items": { status: 201, headers: { location: "/v1/items/1" }, body: "created" },
    });
    expect(await attempt(`${server.url}/v1/users/me?fields=id`)).toEqual({
      status: 200,
      body: '{"id":7}',
      contentType: "application/json",
    });
    const created = await fetch(`${server.url}/v1/items`, {
      method: "POST",
      headers: { authorization: "Bearer t0ken", "content-type": "application/json" },
      body: JSON.stringify({ name: "a" }),
    });
    expect([created.status, created.headers.get("location"), await created.text()]).toEqual([
      201,
      "/v1/items/1",
      "created",
    ]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]).toMatchObject({ method: "GET", path: "/v1/users/me?fields=id", body: "" });
    expect(server.requests[0]?.url.searchParams.get("fields")).toBe("id");
    expect(server.requests[1]).toMatchObject({
      method: "POST",
      path: "/v1/items",
      body: '{"name":"a"}',
      headers: expect.objectContaining({ authorization: "Bearer t0ken" }),
    });
  });

  it("answers an unknown route or method with a JSON 404", async () => {
    const server = await start({ "GET /v1/users/me": { json: {} } });
    for (const outcome of [
      await attempt(`${server.url}/v1/nope`),
      await attempt(`${server.url}/v1/users/me`, { method: "DELETE" }),
    ]) {
      expect(outcome.status).toBe(404);
      expect(outcome.contentType).toBe("application/json");
      expect(JSON.parse(outcome.body ?? "")).toMatchObject({ error: "not_found" });
    }
  });

  it("lets a handler answer with json or text, and turns a throwing handler into a 500", async () => {
    const server = await start({
      "GET /json": (request, reply) =>
        reply.json(418, { got: request.headers["x-probe"] }, { "x-fake": "1" }),
      "GET /text": (_request, reply) => reply.text(200, "plain"),
      "GET /broken": () => {
        throw new Error("fake bug");
      },
    });
    const json = await fetch(`${server.url}/json`, { headers: { "x-probe": "p" } });
    expect([json.status, json.headers.get("x-fake"), await json.json()]).toEqual([418, "1", { got: "p" }]);
    expect(await attempt(`${server.url}/text`)).toEqual({
      status: 200,
      body: "plain",
      contentType: "text/plain; charset=utf-8",
    });
    const broken = await attempt(`${server.url}/broken`);
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.body ?? "")).toEqual({
      error: "fake_handler_failed",
      message: "Error: fake bug",
    });
  });

  it("keeps a content type the answer sets for a JSON body", async () => {
    const server = await start({
      "GET /problem": {
        status: 400,
        headers: { "Content-Type": "application/problem+json" },
        json: { title: "x" },
      },
    });
    expect(await attempt(`${server.url}/problem`)).toEqual({
      status: 400,
      body: '{"title":"x"}',
      contentType: "application/problem+json",
    });
  });
});

describe("startFakeHttpServer: delay, stall, reset", () => {
  it("delays an answer with reply.delay() or delayMs", async () => {
    const server = await start({
      "GET /delay": async (_request, reply) => {
        await reply.delay(120);
        await reply.text(200, "late");
      },
      "GET /delay-ms": { delayMs: 120, body: "late too" },
    });
    for (const [path, body] of [
      ["/delay", "late"],
      ["/delay-ms", "late too"],
    ] as const) {
      const startedAt = performance.now();
      expect((await attempt(`${server.url}${path}`)).body).toBe(body);
      expect(elapsedSince(startedAt)).toBeGreaterThanOrEqual(110);
    }
  });

  it("adds the server-wide latencyMs to every answer, on top of delayMs", async () => {
    const server = await start(
      { "GET /": { body: "ok" }, "GET /slow": { delayMs: 60, body: "ok" } },
      { latencyMs: 80 },
    );
    let startedAt = performance.now();
    expect((await attempt(`${server.url}/`)).body).toBe("ok");
    expect(elapsedSince(startedAt)).toBeGreaterThanOrEqual(75);
    startedAt = performance.now();
    expect((await attempt(`${server.url}/slow`)).body).toBe("ok");
    expect(elapsedSince(startedAt)).toBeGreaterThanOrEqual(135);
    startedAt = performance.now();
    expect((await attempt(`${server.url}/missing`)).status).toBe(404);
    expect(elapsedSince(startedAt)).toBeGreaterThanOrEqual(75);
  });

  it("stalls: the request is read and recorded, a client with a 200 ms timeout times out", async () => {
    const server = await start((_request, reply) => reply.stall());
    const startedAt = performance.now();
    expect(await attempt(`${server.url}/hang`, { method: "POST", body: "payload" }, 200)).toEqual({
      error: "TimeoutError",
    });
    expect(elapsedSince(startedAt)).toBeGreaterThanOrEqual(190);
    expect(server.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "POST", path: "/hang", body: "payload" },
    ]);
  });

  it("shrugs off a client that hangs up in the middle of the body", async () => {
    const server = await start({ "POST /upload": { body: "ok" } });
    const socket = connect(server.port, "127.0.0.1", () => {
      socket.write("POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\npartial");
      setTimeout(() => socket.destroy(), 20);
    });
    await new Promise((resolve) => socket.on("close", resolve));
    expect(server.requests).toEqual([]); // never complete, so never recorded
    expect((await attempt(`${server.url}/upload`, { method: "POST", body: "full" })).body).toBe("ok");
  });

  it("resets the connection: the client sees ECONNRESET / socket hang up", async () => {
    const server = await start((_request, reply) => reply.reset());
    const outcome = await new Promise<string>((resolve) => {
      httpRequest(`${server.url}/`, (response) => resolve(`status ${response.statusCode}`))
        .on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
        .end();
    });
    expect(outcome).toMatch(/^(ECONNRESET|socket hang up)$/);
    expect((await attempt(`${server.url}/`)).error).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    expect(server.requests).toHaveLength(2);
  });
});

describe("startFakeHttpServer: close", () => {
  it("ends promptly with stalled and keep-alive connections open", async () => {
    const server = await startFakeHttpServer({
      "GET /hang": (_request, reply) => reply.stall(),
      "GET /ok": { body: "ok" },
      "GET /slow": { delayMs: 30_000, body: "never" },
    });
    const agent = new Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<string>((resolve) => {
        httpRequest(`${server.url}${path}`, { agent }, (response) => {
          response.resume();
          response.on("end", () => resolve(`status ${response.statusCode}`));
        })
          .on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
          .end();
      });
    expect(await get("/ok")).toBe("status 200"); // leaves a keep-alive socket open
    const stalled = get("/hang");
    const slow = get("/slow");
    await vi.waitFor(() => expect(server.requests).toHaveLength(3));
    const startedAt = performance.now();
    await server.close();
    expect(elapsedSince(startedAt)).toBeLessThan(500);
    expect(await stalled).toMatch(/^(ECONNRESET|socket hang up)$/);
    expect(await slow).toMatch(/^(ECONNRESET|socket hang up)$/);
    await server.close(); // a second close is harmless
    agent.destroy();
    expect((await attempt(`${server.url}/ok`)).error).toBe("ECONNREFUSED");
  });
});

describe("startFakeHttpServer: addresses and TLS", () => {
  it("listens on other loopback addresses, IPv6 included", async () => {
    const second = await start({ "GET /": { body: "two" } }, { host: "127.0.0.2" });
    expect(second).toMatchObject({ host: "127.0.0.2", url: `http://127.0.0.2:${second.port}` });
    expect((await attempt(`${second.url}/`)).body).toBe("two");
    const v6 = await start({ "GET /": { body: "six" } }, { host: "::1" });
    expect(v6).toMatchObject({
      host: "::1",
      url: `http://[::1]:${v6.port}`,
      origin: `http://[::1]:${v6.port}`,
    });
    expect((await attempt(`${v6.url}/`)).body).toBe("six");
  });

  it("serves HTTPS with the given key and certificate", async () => {
    const server = await start(
      { "GET /secure": { json: { tls: true } } },
      { https: { key: TEST_KEY, cert: TEST_CERT } },
    );
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const body = await new Promise<string>((resolve, reject) => {
      httpsRequest(`${server.url}/secure`, { ca: TEST_CERT }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => resolve(text));
      })
        .on("error", reject)
        .end();
    });
    expect(body).toBe('{"tls":true}');
    expect(server.requests[0]?.url.href).toBe(`https://127.0.0.1:${server.port}/secure`);
  });

  it("closes promptly with a client stuck in the TLS handshake", async () => {
    const server = await startFakeHttpServer({}, { https: { key: TEST_KEY, cert: TEST_CERT } });
    const socket = connect(server.port, "127.0.0.1"); // plain TCP: never starts the handshake
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.on("error", () => {});
    await new Promise((resolve) => socket.once("connect", resolve));
    const startedAt = performance.now();
    await server.close();
    expect(elapsedSince(startedAt)).toBeLessThan(500);
    await closed;
  });
});
