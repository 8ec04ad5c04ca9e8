import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEgressBlockedError } from "./egress-blocked-error.js";
import { createEgressGuard, type EgressGuardFactory } from "./egress-guard.js";
import { createEgressPolicy } from "./egress-policy.js";

const BIG_BODY = "x".repeat(200_000);

let server: Server; // 127.0.0.1: allowed
let other: Server; // 127.0.0.2: not allowed by the policy below
let port: number;
let otherPort: number;
const received: IncomingMessage[] = [];
let connectionsOpened = 0;
const stalled: Array<() => void> = [];
let guard: EgressGuardFactory;

function listen(target: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    target.listen(0, host, () => resolve((target.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    received.push(request);
    let body = "";
    for await (const chunk of request) body += chunk;
    switch (request.url) {
      case "/echo":
        response.writeHead(201, { "content-type": "application/json", "x-request-id": "req-7" });
        response.end(JSON.stringify({ method: request.method, body, auth: request.headers.authorization }));
        return;
      case "/cookies":
        response.writeHead(200, [
          ["Set-Cookie", "a=1"],
          ["Set-Cookie", "b=2"],
        ]);
        response.end();
        return;
      case "/redirect":
        response.writeHead(302, { location: "/echo" }).end();
        return;
      case "/big":
        response.end(BIG_BODY);
        return;
      case "/medium": // 20 kB, the second half a moment later: still arriving when the caller discards it
        response.write("m".repeat(10_000));
        setTimeout(() => response.end("m".repeat(10_000)), 20);
        return;
      case "/utf8":
        response.end("héllo wörld");
        return;
      case "/stall":
        stalled.push(() => response.end());
        return;
      default:
        response.writeHead(404).end("missing");
    }
  });
  server.on("connection", () => connectionsOpened++);
  other = createServer((_request, response) => response.end("other"));
  port = await listen(server, "127.0.0.1");
  otherPort = await listen(other, "127.0.0.2");
  guard = createEgressGuard({
    policy: createEgressPolicy({ allow: ["127.0.0.1/32"] }),
    origins: { "https://api.example.com": `http://127.0.0.1:${port}` },
  });
});

afterAll(async () => {
  for (const answer of stalled) answer();
  await guard.close();
  for (const target of [server, other]) {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  }
});

describe("guarded request", () => {
  it("sends method, headers and body, and answers status, headers in any case and the body", async () => {
    const scope = guard.scope();
    const response = await scope.request(`http://127.0.0.1:${port}/echo`, {
      method: "post",
      headers: { Authorization: "Bearer t0ken" },
      body: "a=1",
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect(response.headers.get("X-REQUEST-ID")).toBe("req-7");
    expect(response.headers.get("x-missing")).toBeNull();
    const { text, truncated } = await response.readText(1_000);
    expect(JSON.parse(text)).toEqual({ method: "POST", body: "a=1", auth: "Bearer t0ken" });
    expect(truncated).toBe(false);
    expect(scope.hosts()).toEqual([`127.0.0.1:${port}`]);
  });

  it("joins repeated headers like Headers.get", async () => {
    const response = await guard.scope().request(`http://127.0.0.1:${port}/cookies`);
    expect(response.headers.get("set-cookie")).toBe("a=1, b=2");
    await response.discard();
  });

  it("returns a redirect as it is, without following it", async () => {
    const before = received.length;
    const response = await guard.scope().request(`http://127.0.0.1:${port}/redirect`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/echo");
    await response.discard();
    expect(received.slice(before).map((request) => request.url)).toEqual(["/redirect"]);
  });

  it("reads at most maxBytes of a large body and says it was cut", async () => {
    const response = await guard.scope().request(`http://127.0.0.1:${port}/big`);
    const { text, truncated } = await response.readText(1_000);
    expect(text).toBe("x".repeat(1_000));
    expect(truncated).toBe(true);
  });

  it("decodes UTF-8 across the whole body", async () => {
    const response = await guard.scope().request(`http://127.0.0.1:${port}/utf8`);
    expect(await response.readText(100)).toEqual({ text: "héllo wörld", truncated: false });
  });

  it("reuses the connection after discarding a small body, even one still arriving", async () => {
    const scope = guard.scope();
    for (let i = 0; i < 3; i++) await (await scope.request(`http://127.0.0.1:${port}/medium`)).discard();
    const before = connectionsOpened;
    for (let i = 0; i < 3; i++) await (await scope.request(`http://127.0.0.1:${port}/medium`)).discard();
    expect(connectionsOpened).toBe(before);
  });

  it("applies origin overrides and records the target it reached", async () => {
    const scope = guard.scope();
    const response = await scope.request("https://api.example.com/echo");
    expect(response.status).toBe(201);
    await response.discard();
    expect(scope.hosts()).toEqual([`127.0.0.1:${port}`]);
  });

  it("refuses an address the policy does not allow, before anything is sent", async () => {
    const scope = guard.scope();
    const refused = await scope.request(`http://127.0.0.2:${otherPort}/`).catch((error: unknown) => error);
    expect(isEgressBlockedError(refused)).toBe(true);
    expect(scope.hosts()).toEqual([`127.0.0.2:${otherPort}`]);
  });

  it("refuses schemes other than http and https", async () => {
    await expect(guard.scope().request("file:///etc/passwd")).rejects.toThrow(/only http and https/);
  });

  it("honours an already aborted signal without sending, and aborts a request the server never answers", async () => {
    const before = received.length;
    const aborted = AbortSignal.abort(new Error("cancelled early"));
    await expect(guard.scope().request(`http://127.0.0.1:${port}/echo`, { signal: aborted })).rejects.toThrow(
      "cancelled early",
    );
    expect(received.length).toBe(before);

    const controller = new AbortController();
    const pending = guard.scope().request(`http://127.0.0.1:${port}/stall`, { signal: controller.signal });
    await expect.poll(() => stalled.length).toBeGreaterThan(0);
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toThrow();
  });
});
