/**
 * A vitest setup file that keeps the test process off the network: every socket connect, UDP datagram and
 * DNS look-up that could leave loopback fails with code `ERR_TEST_EGRESS` before any packet is sent, is
 * recorded, and fails the test it happened in, even if the code under test swallowed the error as a
 * "network_error". Add it to `test.setupFiles`: `setupFiles: ["@plugboard/testkit/setup/no-egress"]`.
 *
 * What passes: TCP/TLS to 127.0.0.0/8, `::1`, IPv4-mapped 127.x and `localhost`; Unix sockets; a host name
 * whose `lookup` option answers only loopback addresses (the way tests point clients with fixed host names at
 * fakes); DNS queries to a resolver the test pointed at its own DNS server on loopback. What fails: any other
 * address, any other name looked up through the system, and any query to the system's DNS servers (they
 * are outside loopback, or a loopback stub that forwards outward).
 *
 * A test that expects a refusal asserts `getEgressViolations()` and then calls `clearEgressViolations()`
 * (both from `@plugboard/testkit`), so the hooks below stay green.
 */
import dgram from "node:dgram";
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import { afterAll, afterEach } from "vitest";
import {
  assertNoEgressViolations,
  type EgressViolation,
  recordEgressViolation,
} from "../egress-violations.js";
import { isLoopbackHost } from "../loopback.js";

const INSTALLED = Symbol.for("plugboard.testkit.no-egress");

type Callback = (error: NodeJS.ErrnoException | null, ...results: unknown[]) => void;
type LookupFunction = (hostname: string, options: unknown, callback: Callback) => void;
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Records the attempt and returns the error to fail it with. */
function refusal(
  kind: EgressViolation["kind"],
  target: string,
  details: { syscall?: string; hostname?: string } = {},
): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException & { hostname?: string } = new Error(
    `Test egress refused: ${kind} ${target} (tests may only reach 127.0.0.0/8, ::1 and localhost).`,
  );
  error.code = "ERR_TEST_EGRESS";
  if (details.syscall) error.syscall = details.syscall;
  if (details.hostname) error.hostname = details.hostname;
  recordEgressViolation({ kind, target, ...(error.stack ? { stack: error.stack } : {}) });
  return error;
}

function hostPort(host: string, port: unknown): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${String(port)}`;
}

/** Wraps a `lookup` so that an answer with any address outside loopback becomes a refusal. */
function loopbackOnlyLookup(lookup: LookupFunction, port: unknown): LookupFunction {
  return function guardedLookup(this: unknown, hostname, options, callback) {
    lookup.call(this, hostname, options, (error, address, ...rest) => {
      if (error) return callback(error, address, ...rest);
      const answers = Array.isArray(address)
        ? address.map((entry: { address: string }) => entry.address)
        : [String(address)];
      const outside = answers.filter((answer) => !isLoopbackHost(answer));
      if (outside.length > 0) {
        const target = `${hostPort(hostname, port)} (resolved to ${outside.join(", ")})`;
        return callback(refusal("connect", target, { syscall: "connect", hostname }));
      }
      callback(null, address, ...rest);
    });
  };
}

/**
 * Decides a `Socket#connect` call: the (possibly rewritten) arguments to go ahead with, or the refusal.
 * Names are never looked up through the system here: only `localhost`, or a caller-supplied `lookup` whose
 * answers are then checked (net calls it with `all: true` under autoSelectFamily, so both shapes occur).
 */
function checkConnect(args: unknown[]): { args: unknown[] } | { refused: NodeJS.ErrnoException } {
  const [first, second] = args;
  // net.connect/createConnection pass their own normalised [options, callback] array.
  const normalised = Array.isArray(first) ? first : undefined;
  const options: unknown = normalised ? normalised[0] : first;
  if (typeof options !== "object" || options === null) {
    if (typeof options === "string" && !/^\d+$/.test(options)) return { args }; // a Unix socket path
    const host = typeof second === "string" ? second : undefined;
    if (isLoopbackHost(host)) return { args };
    return { refused: refusal("connect", hostPort(host ?? "", options), { syscall: "connect" }) };
  }
  const { path, host, port, lookup } = options as {
    path?: unknown;
    host?: unknown;
    port?: unknown;
    lookup?: unknown;
  };
  if (typeof path === "string" && path !== "") return { args };
  const hostname = typeof host === "string" ? host : "";
  if (net.isIP(hostname)) {
    if (isLoopbackHost(hostname)) return { args };
    return { refused: refusal("connect", hostPort(hostname, port), { syscall: "connect" }) };
  }
  if (typeof lookup !== "function" && !isLoopbackHost(hostname)) {
    return { refused: refusal("connect", hostPort(hostname, port), { syscall: "connect", hostname }) };
  }
  // Check what the name resolves to before net connects to it (a copy: the caller's options stay untouched).
  const guarded = { ...options, lookup: loopbackOnlyLookup((lookup ?? dns.lookup) as LookupFunction, port) };
  if (normalised) {
    normalised[0] = guarded;
    return { args };
  }
  return { args: [guarded, ...args.slice(1)] };
}

function guardSockets(): void {
  const originalConnect = net.Socket.prototype.connect as unknown as AnyFunction;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const decision = checkConnect(args);
    if ("refused" in decision) {
      // Reported the way Node reports connect errors: an "error" event after connect() returned.
      process.nextTick(() => this.destroy(decision.refused));
      return this;
    }
    return originalConnect.apply(this, decision.args);
  } as typeof net.Socket.prototype.connect;
}

function guardDatagrams(): void {
  const proto = dgram.Socket.prototype as unknown as Record<"send" | "connect", AnyFunction>;
  const fail = (socket: unknown, callback: unknown, error: NodeJS.ErrnoException) =>
    process.nextTick(() =>
      typeof callback === "function" ? callback(error) : (socket as dgram.Socket).emit("error", error),
    );

  const originalSend = proto.send;
  proto.send = function guardedSend(this: unknown, ...args: unknown[]) {
    // Mirrors dgram's own reading of send(msg, [offset, length,] port, address, callback).
    const [, offset, length, port, address] = args;
    const offsetForm = Boolean(address) || (Boolean(port) && typeof port !== "function");
    const target = offsetForm ? address : length;
    const targetPort = offsetForm ? port : offset;
    if (typeof target === "string" && !isLoopbackHost(target)) {
      return fail(
        this,
        args.findLast((arg) => typeof arg === "function"),
        refusal("connect", `udp ${hostPort(target, targetPort)}`),
      );
    }
    return originalSend.apply(this, args);
  };

  const originalConnect = proto.connect;
  proto.connect = function guardedConnect(this: unknown, port: unknown, address: unknown, callback: unknown) {
    if (typeof address === "string" && !isLoopbackHost(address)) {
      return fail(this, callback, refusal("connect", `udp ${hostPort(address, port)}`));
    }
    return originalConnect.call(this, port, address, callback);
  };
}

/** Where a `getServers()` entry points (`1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353`). */
function serverAddress(server: string): string {
  const bracketed = /^\[(.*)\]/.exec(server);
  if (bracketed?.[1]) return bracketed[1];
  return net.isIP(server) ? server : server.replace(/:\d+$/, "");
}

function guardDns(): void {
  const systemServers = dns.getServers().join(",");
  type DnsApi = Record<string, unknown> & { getServers(): string[] };

  /** Replaces `api[name]`, failing calls that `refuse` returns an error for, callback or promise style. */
  const wrap = (
    api: Record<string, unknown>,
    name: string,
    style: "callback" | "promise",
    refuse: (self: unknown, args: unknown[]) => NodeJS.ErrnoException | undefined,
  ) => {
    const original = api[name];
    if (typeof original !== "function") return;
    api[name] = function guarded(this: unknown, ...args: unknown[]) {
      const error = refuse(this, args);
      if (!error) return (original as AnyFunction).apply(this, args);
      if (style === "promise") return Promise.reject(error);
      const callback = args.findLast((arg) => typeof arg === "function");
      if (typeof callback === "function") process.nextTick(() => callback(error));
      return undefined;
    };
  };

  const patch = (api: DnsApi, resolverPrototype: object, style: "callback" | "promise") => {
    // getaddrinfo answers localhost from the hosts file and an IP literal by parsing it (net and dgram
    // look up the addresses they bind to, 0.0.0.0 included); every other name may become a query.
    wrap(api, "lookup", style, (_self, [hostname]) =>
      typeof hostname === "string" && net.isIP(hostname) === 0 && !isLoopbackHost(hostname)
        ? refusal("dns", hostname, { syscall: "getaddrinfo", hostname })
        : undefined,
    );
    wrap(api, "lookupService", style, (_self, [address]) =>
      typeof address === "string" && !isLoopbackHost(address)
        ? refusal("dns", `reverse ${address}`, { syscall: "getnameinfo", hostname: address })
        : undefined,
    );
    // resolve*/reverse always query a DNS server, whatever the name: only one the test runs on loopback
    // (set with setServers, so not the system's own, which may be a stub that forwards outward) is allowed.
    const queryNames = Object.getOwnPropertyNames(resolverPrototype).filter((name) =>
      /^(resolve|reverse)/.test(name),
    );
    const refuseQuery =
      (name: string) =>
      (self: unknown, [hostname]: unknown[]) => {
        const resolver =
          typeof (self as Partial<DnsApi> | undefined)?.getServers === "function" ? (self as DnsApi) : api;
        const servers = resolver.getServers();
        const ownLoopbackServer =
          servers.length > 0 &&
          servers.join(",") !== systemServers &&
          servers.every((server) => isLoopbackHost(serverAddress(server)));
        if (ownLoopbackServer) return undefined;
        return refusal("dns", `${name} ${String(hostname)} via ${servers.join(", ") || "no server"}`, {
          syscall: name,
          hostname: String(hostname),
        });
      };
    for (const name of queryNames) {
      wrap(api, name, style, refuseQuery(name));
      wrap(resolverPrototype as Record<string, unknown>, name, style, refuseQuery(name));
    }
  };
  patch(dns as unknown as DnsApi, dns.Resolver.prototype, "callback");
  patch(dns.promises as unknown as DnsApi, dns.promises.Resolver.prototype, "promise");
}

function install(): void {
  const flags = globalThis as unknown as Record<symbol, boolean>;
  if (flags[INSTALLED]) return;
  flags[INSTALLED] = true;
  guardSockets();
  guardDatagrams();
  guardDns();
  // ESM named imports of built-ins (`import { lookup } from "node:dns"`) see the patched functions only after this.
  syncBuiltinESMExports();
}

install();

// A violation fails the test it happened in; one in a beforeAll/afterAll hook (or after the last test)
// fails the file.
afterEach(assertNoEgressViolations);
afterAll(assertNoEgressViolations);
