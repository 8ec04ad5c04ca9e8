import type { LookupAddress } from "node:dns";
import { type AddressInfo, createServer, connect as netConnect, type Server, Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findEgressBlockedError, isEgressBlockedError } from "./egress-blocked-error.js";
import { createEgressGuard, type EgressGuardFactory } from "./egress-guard.js";
import { createEgressPolicy } from "./egress-policy.js";
import type { EgressGuard, EgressGuardOptions, Resolver, SocketConnector } from "./types.js";

// Raw-socket paths of the guard (what PostgreSQL and Snowflake use). As in the fetch tests, the public
// address is served by a loopback server through the injected connector; nothing else leaves loopback.
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

const connected: string[] = [];
const violations: string[] = [];
const guards: EgressGuardFactory[] = [];
const servernames: Array<string | false | null> = [];
let tcp: Server;
let tls: Server;
let tcpPort: number;
let tlsPort: number;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  tcp = createServer((socket) => socket.end("hello"));
  tls = createTlsServer({ key: TEST_KEY, cert: TEST_CERT }, (socket: TLSSocket) => {
    servernames.push(socket.servername);
    socket.end("secure hello");
  });
  [tcpPort, tlsPort] = await Promise.all([listen(tcp, "127.0.0.1"), listen(tls, "127.0.0.1")]);
});

afterEach(() => {
  connected.length = 0;
  servernames.length = 0;
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await Promise.all(guards.map((guard) => guard.close()));
  await Promise.all([tcp, tls].map((server) => new Promise((r) => server.close(r))));
});

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
  "other.example": [PUBLIC_IP],
  "private.example": ["127.0.0.2"],
  "dual.example": ["::1", "127.0.0.2"],
  "odd.example": ["0x7f.0.0.2"],
  "fallback.example": ["127.0.0.2", "127.0.0.1"],
});

function guardWith(allow: string[], extra: Partial<EgressGuardOptions> = {}): EgressGuard {
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

function lookupAsync(scope: EgressGuard, hostname: string, options: object | number) {
  return new Promise<{ address: string | LookupAddress[]; family: number | undefined }>((resolve, reject) =>
    scope.lookup(hostname, options as never, (error, address, family) =>
      error ? reject(error) : resolve({ address, family }),
    ),
  );
}

function read(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    socket.on("data", (chunk) => {
      text += String(chunk);
    });
    socket.once("end", () => resolve(text));
    socket.once("error", reject);
  });
}

describe("guarded lookup", () => {
  it("returns the approved answers, with or without all, and records the host", async () => {
    const scope = guardWith(["127.0.0.0/8", "::1/128"]);
    expect(await lookupAsync(scope, "private.example", {})).toEqual({ address: "127.0.0.2", family: 4 });
    expect(await lookupAsync(scope, "dual.example", { all: true })).toEqual({
      address: [
        { address: "::1", family: 6 },
        { address: "127.0.0.2", family: 4 },
      ],
      family: undefined,
    });
    expect(scope.hosts()).toEqual(["private.example", "dual.example"]);
  });

  it("honours the family option, in every form clients pass it", async () => {
    const scope = guardWith(["127.0.0.0/8", "::1/128"]);
    expect(await lookupAsync(scope, "dual.example", { family: 4 })).toEqual({
      address: "127.0.0.2",
      family: 4,
    });
    expect(await lookupAsync(scope, "dual.example", { family: "IPv6" })).toEqual({
      address: "::1",
      family: 6,
    });
    expect(await lookupAsync(scope, "dual.example", 4)).toEqual({ address: "127.0.0.2", family: 4 });
    const none = await rejection(lookupAsync(scope, "private.example", { family: 6 }));
    expect(none).toMatchObject({ code: "ENOTFOUND" });
  });

  it("refuses blocked answers, literals and names with EgressBlockedError", async () => {
    const strict = guardWith([]);
    for (const hostname of ["private.example", "0x7f.1", "[::1]", "localhost", "metadata.google.internal"]) {
      const error = await rejection(lookupAsync(strict, hostname, { all: true }));
      expect(isEgressBlockedError(error)).toBe(true);
    }
    // Only ::1 is allowed: the IPv4 answer beside it still refuses the whole name.
    const onlyV6 = guardWith(["::1/128"]);
    const mixed = await rejection(lookupAsync(onlyV6, "dual.example", { family: 6 }));
    expect(findEgressBlockedError(mixed)?.address).toBe("127.0.0.2");
  });

  it("passes resolver errors through", async () => {
    const scope = guardWith([]);
    expect(await rejection(lookupAsync(scope, "missing.example", {}))).toMatchObject({ code: "ENOTFOUND" });
  });
});

describe("guarded resolve", () => {
  it("checks the host, records host:port and returns canonical addresses to connect to", async () => {
    const scope = guardWith(["127.0.0.0/8"]);
    expect(await scope.resolve("private.example", 5432)).toEqual([{ address: "127.0.0.2", family: 4 }]);
    expect(await scope.resolve("odd.example", 5432)).toEqual([{ address: "127.0.0.2", family: 4 }]);
    expect(await scope.resolve("2130706433", 5432)).toEqual([{ address: "127.0.0.1", family: 4 }]);
    expect(scope.hosts()).toEqual(["private.example:5432", "odd.example:5432", "2130706433:5432"]);
  });

  it("refuses private answers and odd spellings of loopback", async () => {
    const strict = guardWith([]);
    for (const host of ["private.example", "0x7f.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "fe80::1%eth0"]) {
      expect(isEgressBlockedError(await rejection(strict.resolve(host, 5432)))).toBe(true);
    }
  });
});

describe("guarded connect", () => {
  it("opens a TCP socket to an allowed address and records host:port", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const socket = await scope.connect({ host: "127.0.0.1", port: tcpPort });
    expect(await read(socket)).toBe("hello");
    expect(scope.hosts()).toEqual([`127.0.0.1:${tcpPort}`]);
    expect(connected).toEqual(["127.0.0.1"]);
  });

  it("refuses blocked hosts before the connector is ever called", async () => {
    const scope = guardWith([]);
    for (const host of ["127.0.0.1", "0177.0.0.1", "2130706433", "localhost", "private.example", "[::1]"]) {
      expect(isEgressBlockedError(await rejection(scope.connect({ host, port: tcpPort })))).toBe(true);
    }
    expect(connected).toEqual([]);
  });

  it("pins the connection to the address it checked: a rebinding resolver is asked once", async () => {
    let lookups = 0;
    const rebinding: Resolver = async () => [
      { address: lookups++ === 0 ? PUBLIC_IP : "127.0.0.2", family: 4 },
    ];
    const scope = guardWith([], { resolver: rebinding });
    const socket = await scope.connect({ host: "rebind.example", port: tcpPort });
    expect(await read(socket)).toBe("hello");
    expect(lookups).toBe(1);
    expect(connected).toEqual([PUBLIC_IP]);
    expect(
      isEgressBlockedError(await rejection(scope.connect({ host: "rebind.example", port: tcpPort }))),
    ).toBe(true);
    expect(connected).toEqual([PUBLIC_IP]);
  });

  it("tries the next approved address when one cannot be reached", async () => {
    const scope = guardWith(["127.0.0.0/8"]);
    // Nothing listens on 127.0.0.2 at this port, so the first answer is refused by the kernel.
    const socket = await scope.connect({ host: "fallback.example", port: tcpPort });
    expect(await read(socket)).toBe("hello");
    expect(connected).toEqual(["127.0.0.2", "127.0.0.1"]);
  });

  it("upgrades to TLS with SNI and certificate checks on the host name, not the pinned address", async () => {
    const scope = guardWith([]);
    const socket = await scope.connect({ host: "public.example", port: tlsPort, tls: { ca: TEST_CERT } });
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(await read(socket)).toBe("secure hello");
    expect(servernames).toEqual(["public.example"]);
    expect(connected).toEqual([PUBLIC_IP]);
    // Same pinned address, another name: the certificate does not match it, so TLS refuses.
    const mismatch = await rejection(
      scope.connect({ host: "other.example", port: tlsPort, tls: { ca: TEST_CERT } }),
    );
    expect(mismatch).toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    // Verification stays on by default: without the CA the self-signed certificate is refused.
    const untrusted = await rejection(scope.connect({ host: "public.example", port: tlsPort, tls: {} }));
    expect(untrusted).toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
  });

  it("verifies an IP literal against the certificate's IP entry and sends no SNI", async () => {
    const scope = guardWith(["127.0.0.0/8"]);
    const socket = await scope.connect({ host: "2130706433", port: tlsPort, tls: { ca: TEST_CERT } });
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(await read(socket)).toBe("secure hello");
    expect(servernames).toEqual([false]);
  });

  it("aborts while the host is being resolved", async () => {
    const hanging: Resolver = () => new Promise(() => {});
    const scope = guardWith([], { resolver: hanging });
    const controller = new AbortController();
    const pending = scope.connect({ host: "slow.example", port: tcpPort, signal: controller.signal });
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toThrow("deadline");
    expect(connected).toEqual([]);
  });

  it("aborts while the socket is connecting, and destroys it", async () => {
    const neverConnects = new Socket();
    const scope = guardWith(["127.0.0.1/32"], { connector: () => neverConnects });
    const controller = new AbortController();
    const pending = scope.connect({ host: "127.0.0.1", port: tcpPort, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 10));
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toThrow("deadline");
    expect(neverConnects.destroyed).toBe(true);
  });

  it("refuses to start with an already aborted signal", async () => {
    const scope = guardWith(["127.0.0.1/32"]);
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    await expect(
      scope.connect({ host: "127.0.0.1", port: tcpPort, signal: controller.signal }),
    ).rejects.toThrow("too late");
    expect(connected).toEqual([]);
  });
});
