import dgram from "node:dgram";
import dns from "node:dns";
import { lookup as namedPromiseLookup } from "node:dns/promises";
import { get as httpGet } from "node:http";
import { connect, createServer, isIP, type LookupFunction, type NetConnectOpts } from "node:net";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  assertNoEgressViolations,
  clearEgressViolations,
  type EgressViolation,
  getEgressViolations,
} from "../egress-violations.js";
import { startFakeHttpServer } from "../fake-http-server.js";
import { isLoopbackHost } from "../loopback.js";

// The setup file is active in this process (vitest.config.ts setupFiles): these tests provoke refusals on
// purpose, check them, and clear the record so the setup's own afterEach stays green.
//
// Should the setup be broken, these tests must still send nothing: a tripwire under it, on Node's socket
// and resolver bindings, answers every non-loopback connect, datagram and look-up with an error code
// instead of letting it through, and records it as a leak that fails the test.
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
const leaks: string[] = [];
let removeTripwire: () => void = () => {};

function installTripwire(): () => void {
  const binding = (name: string) =>
    (process as unknown as { binding(module: string): Record<string, unknown> }).binding(name);
  const prototypeOf = (module: string, name: string) =>
    (binding(module)[name] as { prototype: Record<string, unknown> }).prototype;
  const restores: Array<() => void> = [];
  const trap = (
    target: Record<string, unknown>,
    name: string,
    leak: (self: unknown, args: unknown[]) => unknown,
  ) => {
    const original = target[name] as AnyFunction;
    target[name] = function tripwire(this: unknown, ...args: unknown[]) {
      const leaked = leak(this, args);
      if (typeof leaked === "string") {
        leaks.push(`${name} ${leaked}`);
        return -constants.errno.ECONNREFUSED; // a libuv error code: the caller fails, nothing is sent
      }
      return original.apply(this, args);
    };
    restores.push(() => {
      target[name] = original;
    });
  };
  const outside = (address: unknown) =>
    typeof address === "string" && !isLoopbackHost(address) ? address : undefined;
  const tcp = prototypeOf("tcp_wrap", "TCP");
  for (const name of ["connect", "connect6"]) trap(tcp, name, (_self, [, address]) => outside(address));
  const udp = prototypeOf("udp_wrap", "UDP");
  for (const name of ["send", "send6"])
    trap(udp, name, (_self, args) => (args.length >= 6 ? outside(args[4]) : undefined));
  for (const name of ["connect", "connect6"]) trap(udp, name, (_self, [address]) => outside(address));
  const cares = binding("cares_wrap");
  // A numeric host is parsed, not queried.
  trap(cares, "getaddrinfo", (_self, [, hostname]) =>
    isIP(String(hostname)) ? undefined : outside(hostname),
  );
  trap(cares, "getnameinfo", (_self, [, address]) => outside(address));
  const channel = prototypeOf("cares_wrap", "ChannelWrap");
  for (const name of Object.getOwnPropertyNames(channel).filter((key) =>
    /^(query|getHostByAddr)/.test(key),
  )) {
    trap(channel, name, (self, [, hostname]) => {
      const servers = (self as { getServers(): Array<[string, number]> }).getServers();
      return servers.every(([address]) => isLoopbackHost(address)) ? undefined : String(hostname);
    });
  }
  return () => {
    for (const restore of restores) restore();
  };
}

beforeAll(() => {
  removeTripwire = installTripwire();
});
afterAll(() => removeTripwire());
afterEach(() => {
  clearEgressViolations();
  expect(leaks.splice(0), "attempts that got past the no-egress setup").toEqual([]);
});

const codeOf = (error: unknown) =>
  (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;

/** How a connect ends: `connected`, or the error code. */
function connectOutcome(options: NetConnectOpts | [number, string]): Promise<string> {
  return new Promise((resolve) => {
    const socket = Array.isArray(options) ? connect(...options) : connect(options);
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.on("connect", () => {
      socket.destroy();
      resolve("connected");
    });
  });
}

/** A `lookup` option that answers `addresses` (the first when one is asked for), the way tests inject DNS. */
function answering(...addresses: string[]): LookupFunction {
  return (_hostname, options, callback) => {
    const all = addresses.map((address) => ({ address, family: isIP(address) }));
    if (options.all) (callback as unknown as (error: null, answers: dns.LookupAddress[]) => void)(null, all);
    else callback(null, addresses[0] ?? "", isIP(addresses[0] ?? ""));
  };
}

const targets = (violations: EgressViolation[]) => violations.map(({ kind, target }) => `${kind} ${target}`);

describe("no-egress setup: sockets", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1:80"],
    ["93.184.216.34", "93.184.216.34:80"],
    ["169.254.169.254", "169.254.169.254:80"],
    ["2001:db8::1", "[2001:db8::1]:80"],
    ["::ffff:a00:1", "[::ffff:a00:1]:80"],
    ["example.com", "example.com:80"],
    ["127.0.0.1.nip.io", "127.0.0.1.nip.io:80"],
  ])("refuses net.connect to %s before any packet, and records it", async (host, target) => {
    expect(await connectOutcome({ host, port: 80 })).toBe("ERR_TEST_EGRESS");
    expect(targets(getEgressViolations())).toEqual([`connect ${target}`]);
    expect(getEgressViolations()[0]?.stack).toContain("no-egress.test.ts");
  });

  it("refuses the positional form and tls.connect", async () => {
    expect(await connectOutcome([443, "10.0.0.1"])).toBe("ERR_TEST_EGRESS");
    const tlsError = await new Promise((resolve) => {
      tlsConnect({ host: "example.com", port: 443 }).on("error", resolve);
    });
    expect(codeOf(tlsError)).toBe("ERR_TEST_EGRESS");
    expect(targets(getEgressViolations())).toEqual(["connect 10.0.0.1:443", "connect example.com:443"]);
  });

  it("refuses fetch and http.get to the outside", async () => {
    for (const url of ["http://93.184.216.34/", "https://example.com/", "http://[2001:db8::1]:8080/"]) {
      const error = await fetch(url).catch((caught: unknown) => caught);
      expect(codeOf(error), url).toBe("ERR_TEST_EGRESS");
    }
    const httpError = await new Promise((resolve) => httpGet("http://10.0.0.1/").on("error", resolve));
    expect(codeOf(httpError)).toBe("ERR_TEST_EGRESS");
    expect(targets(getEgressViolations())).toEqual([
      "connect 93.184.216.34:80",
      "connect example.com:443",
      "connect [2001:db8::1]:8080",
      "connect 10.0.0.1:80",
    ]);
  });

  it("checks what a caller-supplied lookup answers, even for localhost", async () => {
    const publicAnswer = answering("93.184.216.34", "127.0.0.1");
    expect(await connectOutcome({ host: "localhost", port: 443, lookup: publicAnswer })).toBe(
      "ERR_TEST_EGRESS",
    );
    expect(
      await connectOutcome({ host: "api.example.com", port: 443, lookup: publicAnswer, family: 4 }),
    ).toBe("ERR_TEST_EGRESS");
    expect(targets(getEgressViolations())).toEqual([
      "connect localhost:443 (resolved to 93.184.216.34)",
      "connect api.example.com:443 (resolved to 93.184.216.34)",
    ]);
  });

  it("lets loopback through: addresses, localhost, a lookup answering loopback, Unix sockets", async () => {
    const server = await startFakeHttpServer({ "GET /": { body: "ok" } });
    try {
      expect(await (await fetch(`${server.url}/`)).text()).toBe("ok");
      expect(await connectOutcome({ host: "127.0.0.1", port: server.port })).toBe("connected");
      expect(await connectOutcome([server.port, "127.0.0.1"])).toBe("connected");
      expect(await connectOutcome({ host: "localhost", port: server.port, family: 4 })).toBe("connected");
      expect(await connectOutcome({ port: server.port, family: 4 })).toBe("connected");
      // Providers with a fixed host name reach their fake through a lookup that answers loopback.
      const toLoopback = answering("127.0.0.1");
      const options = { host: "api.example.com", port: server.port, lookup: toLoopback };
      expect(await connectOutcome(options)).toBe("connected");
      expect(options.lookup).toBe(toLoopback); // the caller's options are not rewritten
      const viaHttp = await new Promise<number | undefined>((resolve, reject) => {
        httpGet(`http://api.example.com:${server.port}/`, { lookup: toLoopback }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on("error", reject);
      });
      expect(viaHttp).toBe(200);
      expect(server.requests.at(-1)?.headers.host).toBe(`api.example.com:${server.port}`);
    } finally {
      await server.close();
    }
    const path = join(tmpdir(), `plugboard-no-egress-${process.pid}.sock`);
    const unix = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => unix.listen(path, resolve));
    try {
      expect(await connectOutcome({ path })).toBe("connected");
    } finally {
      await new Promise((resolve) => unix.close(resolve));
    }
    expect(getEgressViolations()).toEqual([]);
  });
});

describe("no-egress setup: datagrams", () => {
  it("refuses UDP to the outside and lets loopback through", async () => {
    const socket = dgram.createSocket("udp4");
    try {
      const sendError = await new Promise((resolve) => socket.send("x", 53, "8.8.8.8", resolve));
      expect(codeOf(sendError)).toBe("ERR_TEST_EGRESS");
      const namedError = await new Promise((resolve) => socket.send("x", 0, 1, 53, "example.com", resolve));
      expect(codeOf(namedError)).toBe("ERR_TEST_EGRESS");
      const connectError = await new Promise((resolve) => {
        socket.once("error", resolve);
        socket.connect(53, "10.0.0.1");
      });
      expect(codeOf(connectError)).toBe("ERR_TEST_EGRESS");
      expect(targets(getEgressViolations())).toEqual([
        "connect udp 8.8.8.8:53",
        "connect udp example.com:53",
        "connect udp 10.0.0.1:53",
      ]);

      const receiver = dgram.createSocket("udp4");
      try {
        await new Promise<void>((resolve) => receiver.bind(0, "127.0.0.1", resolve));
        const received = new Promise<string>((resolve) =>
          receiver.once("message", (message) => resolve(String(message))),
        );
        socket.send("hello", receiver.address().port, "127.0.0.1");
        expect(await received).toBe("hello");
      } finally {
        receiver.close();
      }
    } finally {
      socket.close();
    }
  });
});

describe("no-egress setup: DNS", () => {
  it("refuses look-ups of outside names: dns.lookup, dns.promises.lookup, ESM named imports", async () => {
    const callbackError = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      dns.lookup("example.com", (error) => resolve(error)),
    );
    expect(callbackError).toMatchObject({
      code: "ERR_TEST_EGRESS",
      syscall: "getaddrinfo",
      hostname: "example.com",
    });
    await expect(dns.promises.lookup("example.org", { all: true })).rejects.toMatchObject({
      code: "ERR_TEST_EGRESS",
    });
    await expect(namedPromiseLookup("example.net")).rejects.toMatchObject({ code: "ERR_TEST_EGRESS" });
    expect(targets(getEgressViolations())).toEqual(["dns example.com", "dns example.org", "dns example.net"]);
  });

  it("refuses every query to the system's DNS servers, localhost included", async () => {
    const resolve4Error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      dns.resolve4("example.com", (error) => resolve(error)),
    );
    expect(resolve4Error?.code).toBe("ERR_TEST_EGRESS");
    await expect(dns.promises.resolve4("example.com")).rejects.toMatchObject({ code: "ERR_TEST_EGRESS" });
    await expect(dns.promises.resolve("localhost", "A")).rejects.toMatchObject({ code: "ERR_TEST_EGRESS" });
    await expect(new dns.promises.Resolver().resolve6("example.org")).rejects.toMatchObject({
      code: "ERR_TEST_EGRESS",
    });
    const resolverError = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      new dns.Resolver().resolveTxt("example.com", (error) => resolve(error)),
    );
    expect(resolverError?.code).toBe("ERR_TEST_EGRESS");
    await expect(dns.promises.reverse("93.184.216.34")).rejects.toMatchObject({ code: "ERR_TEST_EGRESS" });
    await expect(dns.promises.lookupService("93.184.216.34", 80)).rejects.toMatchObject({
      code: "ERR_TEST_EGRESS",
    });
    expect(getEgressViolations().map(({ kind }) => kind)).toEqual(Array(7).fill("dns"));
    expect(getEgressViolations()[0]?.target).toMatch(/^resolve4 example\.com via /);
  });

  it("lets through localhost, IP literals (parsed, not queried) and a DNS server on loopback", async () => {
    expect((await dns.promises.lookup("localhost", { family: 4 })).address).toMatch(/^127\./);
    // net and dgram look up the addresses they bind to; binding is not egress.
    expect(await dns.promises.lookup("93.184.216.34")).toEqual({ address: "93.184.216.34", family: 4 });
    const wildcard = createServer();
    await new Promise<void>((resolve) => wildcard.listen(0, "0.0.0.0", resolve));
    await new Promise((resolve) => wildcard.close(resolve));

    const fakeDns = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => fakeDns.bind(0, "127.0.0.1", resolve));
    const resolver = new dns.Resolver({ timeout: 5_000, tries: 1 });
    resolver.setServers([`127.0.0.1:${fakeDns.address().port}`]);
    try {
      const queryArrived = new Promise<void>((resolve) => fakeDns.once("message", () => resolve()));
      const answered = new Promise<NodeJS.ErrnoException | null>((resolve) =>
        resolver.resolve4("api.example.com", (error) => resolve(error)),
      );
      await queryArrived;
      resolver.cancel(); // the fake only proves the query went to loopback; it never answers
      expect((await answered)?.code).toBe("ECANCELLED");
    } finally {
      fakeDns.close();
    }
    expect(getEgressViolations()).toEqual([]);
  });
});

describe("no-egress setup: the record", () => {
  it("assertNoEgressViolations throws with what was attempted, then clears", async () => {
    expect(() => assertNoEgressViolations()).not.toThrow();
    expect(await connectOutcome({ host: "10.0.0.1", port: 5432 })).toBe("ERR_TEST_EGRESS");
    expect(() => assertNoEgressViolations()).toThrow(/outside loopback[\s\S]*connect 10\.0\.0\.1:5432/);
    expect(getEgressViolations()).toEqual([]);
  });

  it("knows what loopback is", () => {
    for (const host of [
      "127.0.0.1",
      "127.9.9.9",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "localhost",
      "LOCALHOST.",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "",
      undefined,
    ]) {
      expect(isLoopbackHost(host), String(host)).toBe(true);
    }
    for (const host of [
      "10.0.0.1",
      "0.0.0.0",
      "::",
      "::ffff:10.0.0.1",
      "::127.0.0.1",
      "example.com",
      "localhost.example.com",
      "128.0.0.1",
      "fe80::1",
      "fe80::1%lo",
      "127.1",
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
