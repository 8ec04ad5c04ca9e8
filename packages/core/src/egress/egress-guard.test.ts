import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer, connect as netConnect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isEgressBlockedError } from "./egress-blocked-error.js";
import { createEgressGuard, type EgressGuardFactory } from "./egress-guard.js";
import { createEgressPolicy } from "./egress-policy.js";
import { TooManyRedirectsError } from "./guarded-fetch.js";
import type { Resolver, SocketConnector } from "./types.js";

// "The internet" in these tests: a public-looking address that the injected connector maps to a local
// server. No socket ever targets a non-loopback address.
const PUBLIC_IP = "93.184.216.34";
let internet: Server;
let internetPort: number;
let local: Server;
let localPort: number;
const seenAuthorization: Array<string | undefined> = [];
const guards: EgressGuardFactory[] = [];

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  internet = createServer((request, response) => {
    seenAuthorization.push(request.headers.authorization);
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname === "/to-private") {
      response.writeHead(302, { location: `http://private.example:${localPort}/secret` }).end();
    } else if (url.pathname === "/to-loopback-literal") {
      response.writeHead(301, { location: `http://127.0.0.2:${localPort}/secret` }).end();
    } else if (url.pathname.startsWith("/loop/")) {
      const n = Number(url.pathname.split("/")[2]);
      response.writeHead(307, { location: `/loop/${n + 1}` }).end();
    } else {
      response.writeHead(200, { connection: "close", "content-type": "application/json" });
      response.end(JSON.stringify({ path: url.pathname, search: url.search, method: request.method }));
    }
  });
  internetPort = await listen(internet, "127.0.0.1");
  local = createServer((request, response) => {
    seenAuthorization.push(request.headers.authorization);
    if (request.url === "/hop") {
      response.writeHead(302, { location: `http://127.0.0.2:${localPort}/secret` }).end();
      return;
    }
    if (request.url === "/cross-origin") {
      response.writeHead(302, { location: `http://public.example:${internetPort}/landing` }).end();
      return;
    }
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ local: true, url: request.url }));
  });
  localPort = await listen(local, "127.0.0.1");
});

afterEach(() => {
  seenAuthorization.length = 0;
});

afterAll(async () => {
  await Promise.all(guards.map((guard) => guard.close()));
  internet.closeAllConnections();
  local.closeAllConnections();
  await Promise.all([new Promise((r) => internet.close(r)), new Promise((r) => local.close(r))]);
});

/** Maps the public test address to the local "internet" server; anything else non-loopback fails the test. */
const connector: SocketConnector = ({ address, port }) => {
  if (address === PUBLIC_IP) return netConnect({ host: "127.0.0.1", port });
  if (address.startsWith("127.")) return netConnect({ host: address, port });
  throw new Error(`test connector: refusing to connect to ${address}`);
};

function guardWith(allow: string[], resolver: Resolver, origins?: Record<string, string>) {
  const guard = createEgressGuard({
    policy: createEgressPolicy({ allow }),
    resolver,
    connector,
    ...(origins ? { origins } : {}),
  });
  guards.push(guard);
  return guard.scope();
}

const staticResolver =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const resolver = staticResolver({ "public.example": [PUBLIC_IP], "private.example": ["127.0.0.2"] });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("guarded fetch", () => {
  it("reaches an allowed loopback server and records the host", async () => {
    const scope = guardWith(["127.0.0.1/32"], resolver);
    const response = await scope.fetch(`http://127.0.0.1:${localPort}/ok`);
    expect(await response.json()).toEqual({ local: true, url: "/ok" });
    expect(scope.hosts()).toEqual([`127.0.0.1:${localPort}`]);
  });

  it("refuses loopback under the default policy, without connecting", async () => {
    const scope = guardWith([], resolver);
    const error = await rejection(scope.fetch(`http://127.0.0.1:${localPort}/ok`));
    expect(isEgressBlockedError(error)).toBe(true);
  });

  it("re-checks every redirect: 127.0.0.1 (allowed) → 127.0.0.2 (not allowed) is refused", async () => {
    const scope = guardWith(["127.0.0.1/32"], resolver);
    const error = await rejection(scope.fetch(`http://127.0.0.1:${localPort}/hop`));
    expect(isEgressBlockedError(error)).toBe(true);
  });

  it("refuses a public site redirecting to a name that resolves to a private address, or to a literal", async () => {
    const scope = guardWith([], resolver);
    expect(
      isEgressBlockedError(await rejection(scope.fetch(`http://public.example:${internetPort}/to-private`))),
    ).toBe(true);
    expect(
      isEgressBlockedError(
        await rejection(scope.fetch(`http://public.example:${internetPort}/to-loopback-literal`)),
      ),
    ).toBe(true);
    expect(scope.hosts()).toEqual([
      `public.example:${internetPort}`,
      `private.example:${localPort}`,
      `127.0.0.2:${localPort}`,
    ]);
  });

  it("defeats DNS rebinding: each new connection is checked on the address it really uses", async () => {
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? PUBLIC_IP : "127.0.0.2", family: 4 }];
    const scope = guardWith([], rebinding);
    const first = await scope.fetch(`http://rebind.example:${internetPort}/first`);
    expect(await first.json()).toMatchObject({ path: "/first" });
    // The server closed the connection, so the next request resolves again and gets the private answer.
    expect(
      isEgressBlockedError(await rejection(scope.fetch(`http://rebind.example:${internetPort}/second`))),
    ).toBe(true);
  });

  it("refuses a name with one private answer among public ones (no fallback)", async () => {
    const scope = guardWith([], staticResolver({ "mixed.example": [PUBLIC_IP, "10.0.0.7"] }));
    expect(isEgressBlockedError(await rejection(scope.fetch(`http://mixed.example:${internetPort}/`)))).toBe(
      true,
    );
  });

  it("caps redirects", async () => {
    const scope = guardWith([], resolver);
    const error = await rejection(scope.fetch(`http://public.example:${internetPort}/loop/0`));
    expect(error).toBeInstanceOf(TooManyRedirectsError);
  });

  it("drops credentials when a redirect changes origin", async () => {
    const scope = guardWith(["127.0.0.1/32"], resolver);
    const response = await scope.fetch(`http://127.0.0.1:${localPort}/cross-origin`, {
      headers: { authorization: "Bearer keep-me-home" },
    });
    expect(await response.json()).toMatchObject({ path: "/landing" });
    expect(seenAuthorization).toEqual(["Bearer keep-me-home", undefined]);
  });

  it("applies origin overrides, keeping path and query, still under the policy", async () => {
    const origins = { "https://api.example.com": `http://127.0.0.1:${localPort}` };
    const allowed = guardWith(["127.0.0.1/32"], resolver, origins);
    const response = await allowed.fetch("https://api.example.com/v1/items?page=2");
    expect(await response.json()).toEqual({ local: true, url: "/v1/items?page=2" });
    expect(allowed.resolveUrl("https://api.example.com/x").href).toBe(`http://127.0.0.1:${localPort}/x`);
    const refused = guardWith([], resolver, origins);
    expect(isEgressBlockedError(await rejection(refused.fetch("https://api.example.com/v1/items")))).toBe(
      true,
    );
  });

  it("refuses non-http schemes and honours an abort signal", async () => {
    const scope = guardWith(["127.0.0.1/32"], resolver);
    await expect(scope.fetch("file:///etc/passwd")).rejects.toThrow(/only http and https/);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      scope.fetch(`http://127.0.0.1:${localPort}/ok`, { signal: controller.signal }),
    ).rejects.toThrow("stop");
  });
});

describe("guarded lookup and connect (raw sockets)", () => {
  it("lookup refuses private answers and returns allowed ones, with or without all", async () => {
    const scope = guardWith(["127.0.0.2/32"], resolver);
    const lookupAsync = (hostname: string, all: boolean) =>
      new Promise((resolve, reject) =>
        scope.lookup(hostname, { all }, (error, address, family) =>
          error ? reject(error) : resolve({ address, family }),
        ),
      );
    expect(await lookupAsync("private.example", false)).toEqual({ address: "127.0.0.2", family: 4 });
    expect(await lookupAsync("private.example", true)).toEqual({
      address: [{ address: "127.0.0.2", family: 4 }],
      family: undefined,
    });
    const strict = guardWith([], resolver);
    const error = await new Promise((resolve) => strict.lookup("private.example", {}, (err) => resolve(err)));
    expect(isEgressBlockedError(error)).toBe(true);
  });

  it("resolve checks and records the host for clients that open their own sockets", async () => {
    const scope = guardWith(["127.0.0.2/32"], resolver);
    expect(await scope.resolve("private.example", 5432)).toEqual([{ address: "127.0.0.2", family: 4 }]);
    expect(scope.hosts()).toEqual(["private.example:5432"]);
    const strict = guardWith([], resolver);
    expect(isEgressBlockedError(await rejection(strict.resolve("private.example", 5432)))).toBe(true);
    expect(isEgressBlockedError(await rejection(strict.resolve("0x7f.1", 5432)))).toBe(true);
  });

  it("connect opens a TCP socket to an allowed address and refuses a blocked one", async () => {
    const tcp = createTcpServer((socket) => socket.end("hello"));
    const port = await new Promise<number>((resolve) =>
      tcp.listen(0, "127.0.0.1", () => resolve((tcp.address() as AddressInfo).port)),
    );
    try {
      const scope = guardWith(["127.0.0.1/32"], resolver);
      const socket = await scope.connect({ host: "127.0.0.1", port });
      const data = await new Promise<string>((resolve) =>
        socket.once("data", (chunk) => resolve(String(chunk))),
      );
      expect(data).toBe("hello");
      socket.destroy();
      expect(scope.hosts()).toEqual([`127.0.0.1:${port}`]);
      const refused = guardWith([], resolver);
      expect(isEgressBlockedError(await rejection(refused.connect({ host: "0177.0.0.1", port })))).toBe(true);
      expect(isEgressBlockedError(await rejection(refused.connect({ host: "localhost", port })))).toBe(true);
    } finally {
      await new Promise((r) => tcp.close(r));
    }
  });
});
