import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, connect as netConnect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findEgressBlockedError, isEgressBlockedError } from "./egress-blocked-error.js";
import { createEgressGuard, type EgressGuardFactory } from "./egress-guard.js";
import { createEgressPolicy } from "./egress-policy.js";
import { TooManyRedirectsError } from "./guarded-fetch.js";
import type { EgressGuardOptions, Resolver, SocketConnector } from "./types.js";

// "The internet" in these tests is a public-looking address that the injected connector maps to a local
// server. No socket ever targets a non-loopback address: the connector throws (and records a violation)
// for anything else, and the suite's no-egress setup file is a second net.
const PUBLIC_IP = "93.184.216.34";

// A self-signed P-256 certificate for public.example and 127.0.0.1, valid 2020–2126; test use only.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7e1uUuCHXU4jVj2z
rXrakwdvkUI7U5rb2VKi96r9U/GhRANCAAQS28aII1hHHDKhCcaQ2jGumyFai8fc
XLcoCvitsrWxluuaIT/iFuaOXdT33R+RGkSjfIymLFtwcGo48B5t+s8m
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBdjCCARygAwIBAgIBATAKBggqhkjOPQQDAjAZMRcwFQYDVQQDDA5wdWJsaWMu
ZXhhbXBsZTAgFw0yMDAxMDEwMDAwMDBaGA8yMTI2MDEwMTAwMDAwMFowGTEXMBUG
A1UEAwwOcHVibGljLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQS
28aII1hHHDKhCcaQ2jGumyFai8fcXLcoCvitsrWxluuaIT/iFuaOXdT33R+RGkSj
fIymLFtwcGo48B5t+s8mo1MwUTAPBgNVHRMBAf8EBTADAQH/MB8GA1UdEQQYMBaC
DnB1YmxpYy5leGFtcGxlhwR/AAABMB0GA1UdDgQWBBS6fJRe7E3NvUWaytjU1SnY
mBZgszAKBggqhkjOPQQDAgNIADBFAiBZdRCFo1tHesKn1i5xK4lKN5KiSlp91xXZ
m6MRxrdXVwIhAOX0LyO5bPxuqiIyXQGcXqpNAqz8aWYhKV/36yg9tbUu
-----END CERTIFICATE-----`;

interface Seen {
  server: "local" | "other" | "proxy";
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: string;
}

/** Every request any test server received, and every address a connector was asked for. */
const seen: Seen[] = [];
const connected: string[] = [];
const violations: string[] = [];
const guards: EgressGuardFactory[] = [];
let local: Server; // 127.0.0.1, also "the internet" behind PUBLIC_IP
let other: Server; // 127.0.0.2: the "private" host redirects try to reach
let proxy: Server; // a forward proxy set in the environment, which must never be used
let localPort: number;
let otherPort: number;
let proxyPort: number;
let stalled: Array<() => void> = [];

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

function recordingServer(name: Seen["server"], route: (url: URL, request: IncomingMessage) => unknown) {
  return createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    seen.push({
      server: name,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
    });
    const url = new URL(request.url ?? "/", "http://x");
    const answer = route(url, request);
    if (answer === "stall") {
      stalled.push(() => response.end());
      return;
    }
    if (typeof answer === "object" && answer !== null && "redirect" in answer) {
      const { redirect, status } = answer as { redirect: string; status?: number };
      response.writeHead(status ?? 302, { location: redirect }).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ server: name, path: url.pathname, search: url.search }));
  });
}

beforeAll(async () => {
  local = recordingServer("local", (url) => {
    const step = url.pathname.split("/");
    switch (step[1]) {
      case "to-other":
        return { redirect: `http://127.0.0.2:${otherPort}/secret` };
      case "to-private-name":
        return { redirect: `http://private.example:${otherPort}/secret` };
      case "to-public":
        return { redirect: `http://public.example:${localPort}/landing` };
      case "same-origin":
        return { redirect: "/landing" };
      case "to-file":
        return { redirect: "file:///etc/passwd" };
      case "to-real-origin":
        return { redirect: "https://api.example.com/v2/after?z=9" };
      case "see-other":
        return { redirect: "/landing", status: 303 };
      case "temporary":
        return { redirect: "/landing", status: 307 };
      case "chain": {
        const left = Number(step[2]);
        return left > 0 ? { redirect: `/chain/${left - 1}`, status: 301 } : undefined;
      }
      case "loop":
        return { redirect: url.pathname };
      case "stall":
        return "stall";
      default:
        return undefined;
    }
  });
  other = recordingServer("other", () => undefined);
  proxy = recordingServer("proxy", () => undefined);
  [localPort, otherPort, proxyPort] = await Promise.all([
    listen(local, "127.0.0.1"),
    listen(other, "127.0.0.2"),
    listen(proxy, "127.0.0.1"),
  ]);
});

afterEach(() => {
  for (const release of stalled) release();
  stalled = [];
  seen.length = 0;
  connected.length = 0;
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await Promise.all(guards.map((guard) => guard.close()));
  for (const server of [local, other, proxy]) server.closeAllConnections();
  await Promise.all([local, other, proxy].map((server) => new Promise((r) => server.close(r))));
});

/** Maps the public test address to the local server; any other non-loopback address fails the test. */
const connector: SocketConnector = ({ address, port }) => {
  connected.push(address);
  if (address === PUBLIC_IP) return netConnect({ host: "127.0.0.1", port });
  if (address === "127.0.0.1" || address === "127.0.0.2") return netConnect({ host: address, port });
  violations.push(address);
  throw new Error(`test connector: refusing to connect to ${address}`);
};

const staticResolver =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const resolver = staticResolver({
  "public.example": [PUBLIC_IP],
  "api.example.com": [PUBLIC_IP],
  "private.example": ["127.0.0.2"],
});

function guardWith(allow: string[], extra: Partial<EgressGuardOptions> = {}) {
  const guard = createEgressGuard({ policy: createEgressPolicy({ allow }), resolver, connector, ...extra });
  guards.push(guard);
  return guard.scope();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

async function expectBlocked(promise: Promise<unknown>, reason?: RegExp) {
  const error = await rejection(promise);
  expect(isEgressBlockedError(error)).toBe(true);
  if (reason) expect(findEgressBlockedError(error)?.reason).toMatch(reason);
}

describe("guarded fetch: the policy at connect time", () => {
  it("reaches an allowed loopback server and records the host", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const response = await scope.fetch(`http://127.0.0.1:${localPort}/ok?x=1`);
    expect(await response.json()).toEqual({ server: "local", path: "/ok", search: "?x=1" });
    expect(response.redirected).toBe(false);
    expect(scope.hosts()).toEqual([`127.0.0.1:${localPort}`]);
    expect(connected).toEqual(["127.0.0.1"]);
  });

  it.each([
    "http://127.0.0.1:PORT/",
    "http://2130706433:PORT/",
    "http://0x7f.1:PORT/",
    "http://0177.0.0.1:PORT/",
    "http://127.1:PORT/",
    "http://[::1]:PORT/",
    "http://[::ffff:127.0.0.1]:PORT/",
    "http://localhost:PORT/",
    "http://LOCALHOST.:PORT/",
    "http://api.localhost:PORT/",
  ])("refuses %s under the default policy, without opening a socket", async (url) => {
    const scope = guardWith([]);
    await expectBlocked(scope.fetch(url.replace("PORT", String(localPort))));
    expect(connected).toEqual([]);
    expect(seen).toEqual([]);
  });

  it("re-checks every redirect: 127.0.0.1 (allowed) → 127.0.0.2 (not allowed) is refused", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    await expectBlocked(scope.fetch(`http://127.0.0.1:${localPort}/to-other`), /127\.0\.0\.2 is a loopback/);
    expect(connected).toEqual(["127.0.0.1"]);
    expect(seen.map((request) => request.server)).toEqual(["local"]);
    expect(scope.hosts()).toEqual([`127.0.0.1:${localPort}`, `127.0.0.2:${otherPort}`]);
  });

  it("refuses a public site redirecting to a name that resolves to a private address", async () => {
    const scope = guardWith([]);
    await expectBlocked(scope.fetch(`http://public.example:${localPort}/to-private-name`));
    await expectBlocked(scope.fetch(`http://public.example:${localPort}/to-other`));
    expect(connected.every((address) => address === PUBLIC_IP)).toBe(true);
    expect(seen.every((request) => request.server === "local")).toBe(true);
    expect(scope.hosts()).toEqual([
      `public.example:${localPort}`,
      `private.example:${otherPort}`,
      `127.0.0.2:${otherPort}`,
    ]);
  });

  it("defeats DNS rebinding: the connection goes to the checked answer, a later private one is refused", async () => {
    const answers = [PUBLIC_IP, "127.0.0.2"];
    let lookups = 0;
    const rebinding: Resolver = async () => [{ address: answers[lookups++] ?? "127.0.0.2", family: 4 }];
    const scope = guardWith([], { resolver: rebinding });
    const first = await scope.fetch(`http://rebind.example:${localPort}/first`, {
      headers: { connection: "close" }, // the next request must open (and check) a new connection
    });
    expect(await first.json()).toMatchObject({ server: "local", path: "/first" });
    await expectBlocked(scope.fetch(`http://rebind.example:${localPort}/second`), /127\.0\.0\.2/);
    expect(lookups).toBe(2);
    expect(connected).toEqual([PUBLIC_IP]);
    expect(seen.map((request) => request.url)).toEqual(["/first"]);
  });

  it("refuses a name with one private answer among public ones (no fallback)", async () => {
    const scope = guardWith([], { resolver: staticResolver({ "mixed.example": [PUBLIC_IP, "10.0.0.7"] }) });
    await expectBlocked(scope.fetch(`http://mixed.example:${localPort}/`), /10\.0\.0\.7 is a private/);
    expect(connected).toEqual([]);
  });

  it("ignores proxy settings from the environment", async () => {
    const saved = { ...process.env };
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    Object.assign(process.env, { HTTP_PROXY: proxyUrl, http_proxy: proxyUrl, HTTPS_PROXY: proxyUrl });
    try {
      const scope = guardWith(["127.0.0.1/32"]);
      const response = await scope.fetch(`http://127.0.0.1:${localPort}/direct`);
      expect(await response.json()).toMatchObject({ server: "local" });
      expect(seen.map((request) => request.server)).toEqual(["local"]);
    } finally {
      for (const name of ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY"]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it("sends SNI for the host name and verifies the certificate while connecting to the pinned address", async () => {
    const servernames: string[] = [];
    const tlsServer = createHttpsServer(
      {
        key: TEST_KEY,
        cert: TEST_CERT,
        SNICallback: (servername, done) => {
          servernames.push(servername);
          done(null, undefined);
        },
      },
      (_request, response) => response.end("secure"),
    );
    const port = await listen(tlsServer as unknown as Server, "127.0.0.1");
    try {
      const scope = guardWith([]);
      // The certificate is self-signed, so the client must refuse it: verification is on.
      const error = await rejection(scope.fetch(`https://public.example:${port}/`));
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).toMatch(/self.signed|CERT/i);
      expect(isEgressBlockedError(error)).toBe(false);
      expect(connected).toEqual([PUBLIC_IP]);
      expect(servernames).toEqual(["public.example"]);
    } finally {
      tlsServer.closeAllConnections();
      await new Promise((r) => tlsServer.close(r));
    }
  });
});

describe("guarded fetch: redirects", () => {
  it("follows up to 5 redirects by default and refuses the 6th with a clear error", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const response = await scope.fetch(`http://127.0.0.1:${localPort}/chain/5`);
    expect(await response.json()).toMatchObject({ path: "/chain/0" });
    expect(response.redirected).toBe(true);
    seen.length = 0;
    const error = await rejection(scope.fetch(`http://127.0.0.1:${localPort}/chain/6`));
    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect((error as Error).message).toMatch(/More than 5 redirects/);
    expect(seen).toHaveLength(6);
  });

  it("takes its cap from maxRedirects, and stops a redirect loop", async () => {
    const scope = guardWith(["127.0.0.1/32"], { maxRedirects: 1 });
    expect((await scope.fetch(`http://127.0.0.1:${localPort}/chain/1`)).status).toBe(200);
    await expect(scope.fetch(`http://127.0.0.1:${localPort}/chain/2`)).rejects.toThrow(TooManyRedirectsError);
    await expect(scope.fetch(`http://127.0.0.1:${localPort}/loop`)).rejects.toThrow(TooManyRedirectsError);
    expect(() => createEgressGuard({ policy: createEgressPolicy(), maxRedirects: -1 })).toThrow(
      /maxRedirects/,
    );
  });

  it("drops Authorization, Cookie and Proxy-Authorization when a redirect changes origin", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const credentials = {
      authorization: "Bearer keep-me-home",
      cookie: "session=1",
      "proxy-authorization": "Basic eA==",
      "x-trace": "kept",
    };
    const response = await scope.fetch(`http://127.0.0.1:${localPort}/to-public`, { headers: credentials });
    expect(await response.json()).toMatchObject({ path: "/landing" });
    const [first, second] = seen;
    expect(first?.headers).toMatchObject(credentials);
    expect(second?.headers.authorization).toBeUndefined();
    expect(second?.headers.cookie).toBeUndefined();
    expect(second?.headers["proxy-authorization"]).toBeUndefined();
    expect(second?.headers["x-trace"]).toBe("kept");
  });

  it("keeps credentials on a same-origin redirect", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    await scope.fetch(`http://127.0.0.1:${localPort}/same-origin`, {
      headers: { authorization: "Bearer t" },
    });
    expect(seen.map((request) => request.headers.authorization)).toEqual(["Bearer t", "Bearer t"]);
  });

  it("turns a POST into a GET on 303, and replays method and body on 307", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    await scope.fetch(`http://127.0.0.1:${localPort}/see-other`, { method: "POST", body: "payload" });
    expect(seen.map(({ method, body }) => [method, body])).toEqual([
      ["POST", "payload"],
      ["GET", ""],
    ]);
    seen.length = 0;
    await scope.fetch(`http://127.0.0.1:${localPort}/temporary`, { method: "PUT", body: "again" });
    expect(seen.map(({ method, body }) => [method, body])).toEqual([
      ["PUT", "again"],
      ["PUT", "again"],
    ]);
  });

  it("returns the redirect itself with redirect: manual, and refuses it with redirect: error", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const manual = await scope.fetch(`http://127.0.0.1:${localPort}/to-other`, { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe(`http://127.0.0.2:${otherPort}/secret`);
    await expect(
      scope.fetch(`http://127.0.0.1:${localPort}/same-origin`, { redirect: "error" }),
    ).rejects.toThrow(/redirect: "error"/);
  });

  it("refuses non-http(s) schemes, also as a redirect target", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    for (const url of [
      "file:///etc/passwd",
      "ftp://127.0.0.1/",
      "data:text/plain,hi",
      "gopher://127.0.0.1/",
    ]) {
      await expect(scope.fetch(url)).rejects.toThrow(/only http and https/);
    }
    await expect(scope.fetch(`http://127.0.0.1:${localPort}/to-file`)).rejects.toThrow(/only http and https/);
  });
});

describe("guarded fetch: origin overrides", () => {
  const origins = () => ({ "https://api.example.com": `http://127.0.0.1:${localPort}` });

  it("sends the real origin to the target, keeping path and query", async () => {
    const scope = guardWith(["127.0.0.1/32"], { origins: origins() });
    const response = await scope.fetch("https://api.example.com/v1/x?y=1");
    expect(await response.json()).toEqual({ server: "local", path: "/v1/x", search: "?y=1" });
    expect(scope.resolveUrl("https://api.example.com/v1/x?y=1").href).toBe(
      `http://127.0.0.1:${localPort}/v1/x?y=1`,
    );
    expect(scope.hosts()).toEqual([`127.0.0.1:${localPort}`]);
    expect(connected).toEqual(["127.0.0.1"]);
  });

  it("applies the override again on every redirect hop", async () => {
    const scope = guardWith(["127.0.0.1/32"], { origins: origins() });
    const response = await scope.fetch("https://api.example.com/to-real-origin", {
      headers: { authorization: "Bearer same-logical-origin" },
    });
    expect(await response.json()).toEqual({ server: "local", path: "/v2/after", search: "?z=9" });
    expect(seen.map((request) => [request.url, request.headers.authorization])).toEqual([
      ["/to-real-origin", "Bearer same-logical-origin"],
      ["/v2/after?z=9", "Bearer same-logical-origin"],
    ]);
  });

  it("keeps the policy on the target: a loopback target is refused without an allow rule", async () => {
    const scope = guardWith([], { origins: origins() });
    await expectBlocked(scope.fetch("https://api.example.com/v1/x?y=1"), /127\.0\.0\.1 is a loopback/);
    expect(connected).toEqual([]);
  });

  it("rejects overrides that are not bare origins", () => {
    expect(() => guardWith([], { origins: { "https://api.example.com/v1": "http://127.0.0.1" } })).toThrow(
      /bare http\(s\) origin/,
    );
    expect(() => guardWith([], { origins: { "https://api.example.com": "file:///tmp" } })).toThrow(
      /bare http\(s\) origin/,
    );
  });
});

describe("guarded fetch: requests, bodies and abort", () => {
  it("accepts a Request object and a streamed body", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const request = new Request(`http://127.0.0.1:${localPort}/from-request`, {
      method: "POST",
      headers: { "x-from": "request" },
      body: "request body",
    });
    await scope.fetch(request);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("streamed"));
        controller.close();
      },
    });
    await scope.fetch(`http://127.0.0.1:${localPort}/stream`, { method: "POST", body: stream });
    expect(seen.map(({ url, method, body }) => [url, method, body])).toEqual([
      ["/from-request", "POST", "request body"],
      ["/stream", "POST", "streamed"],
    ]);
    expect(seen[0]?.headers["x-from"]).toBe("request");
  });

  it("sends the headers as they were when fetch was called, on a cold guard and a warm one", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    // Cold: the request waits for undici to load, and the caller changes its Headers meanwhile.
    const headers = new Headers({ "x-state": "at call" });
    const first = scope.fetch(`http://127.0.0.1:${localPort}/cold`, { headers });
    headers.set("x-state", "changed after");
    await first;
    // Warm: passed through as given, and read before fetch returns its promise.
    const record: Record<string, string> = { "x-state": "at call" };
    const second = scope.fetch(`http://127.0.0.1:${localPort}/warm`, { headers: record });
    record["x-state"] = "changed after";
    await second;
    expect(seen.map((request) => [request.url, request.headers["x-state"]])).toEqual([
      ["/cold", "at call"],
      ["/warm", "at call"],
    ]);
  });

  it("honours an already aborted signal without connecting", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      scope.fetch(`http://127.0.0.1:${localPort}/ok`, { signal: controller.signal }),
    ).rejects.toThrow("stop");
    expect(seen).toEqual([]);
  });

  it("aborts a request the server never answers", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const controller = new AbortController();
    const pending = scope.fetch(`http://127.0.0.1:${localPort}/stall`, { signal: controller.signal });
    await waitFor(() => stalled.length === 1);
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toThrow("deadline");
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}
