/**
 * A vitest setup file: every socket connect and DNS look-up outside loopback fails in the test process
 * (before any packet is sent), is recorded, and fails the test it happened in, even if the code under test
 * swallowed the error as a "network_error". Add it to `test.setupFiles`:
 * `setupFiles: ["@plugboard/testkit/setup/no-egress"]`.
 */
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import { afterEach, expect } from "vitest";
import { clearEgressViolations, getEgressViolations, recordEgressViolation } from "../egress-violations.js";
import { isLoopbackHost } from "../loopback.js";

const INSTALLED = Symbol.for("plugboard.testkit.no-egress");

function egressError(kind: "connect" | "dns", target: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `Test egress blocked: ${kind} to ${target} (tests may only reach 127.0.0.0/8, ::1 and localhost).`,
  );
  error.code = "ERR_TEST_EGRESS";
  recordEgressViolation({ kind, target, ...(error.stack ? { stack: error.stack } : {}) });
  return error;
}

/** The host a `Socket#connect` call targets, or `undefined` for a Unix socket / named pipe. */
function connectTarget(args: unknown[]): { host: string | undefined; port: unknown } | undefined {
  const [first, second] = args;
  const options = Array.isArray(first) ? first[0] : first; // net internals pass [options, callback]
  if (typeof options === "object" && options !== null) {
    const { path, host, port } = options as { path?: unknown; host?: unknown; port?: unknown };
    if (typeof path === "string") return undefined;
    return { host: typeof host === "string" ? host : undefined, port };
  }
  if (typeof options === "string" && !/^\d+$/.test(options)) return undefined; // a path
  return { host: typeof second === "string" ? second : undefined, port: options };
}

function install(): void {
  const flags = globalThis as unknown as Record<symbol, boolean>;
  if (flags[INSTALLED]) return;
  flags[INSTALLED] = true;

  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (target && !isLoopbackHost(target.host)) {
      const error = egressError("connect", `${target.host}:${String(target.port)}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (originalConnect as (...rest: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;

  const refuseName = (hostname: unknown): NodeJS.ErrnoException | undefined =>
    typeof hostname === "string" && !isLoopbackHost(hostname) ? egressError("dns", hostname) : undefined;

  // Callback-style functions: the callback is the last argument.
  const callbackNames = [
    "lookup",
    "resolve",
    "resolve4",
    "resolve6",
    "resolveAny",
    "resolveCname",
    "resolveMx",
    "resolveNs",
    "resolveTxt",
    "resolveSrv",
    "resolveSoa",
    "resolveNaptr",
    "resolvePtr",
    "resolveCaa",
    "reverse",
  ] as const;
  /** Wraps each resolver function of `target` so outside names fail the way that API reports errors. */
  const patch = (target: Record<string, unknown>, style: "callback" | "promise") => {
    for (const name of callbackNames) {
      const original = target[name];
      if (typeof original !== "function") continue;
      target[name] = function guarded(this: unknown, hostname: unknown, ...rest: unknown[]) {
        const error = refuseName(hostname);
        const callback = rest.at(-1);
        if (error && style === "promise") return Promise.reject(error);
        if (error && typeof callback === "function") {
          process.nextTick(() => callback(error));
          return undefined;
        }
        return (original as (...all: unknown[]) => unknown).call(this, hostname, ...rest);
      };
    }
  };
  patch(dns as unknown as Record<string, unknown>, "callback");
  patch(dns.Resolver.prototype as unknown as Record<string, unknown>, "callback");
  patch(dns.promises as unknown as Record<string, unknown>, "promise");
  patch(dns.promises.Resolver.prototype as unknown as Record<string, unknown>, "promise");
  // ESM named imports of built-ins (`import { lookup } from "node:dns"`) see the patched functions only after this.
  syncBuiltinESMExports();
}

install();

afterEach(() => {
  const violations = getEgressViolations();
  clearEgressViolations();
  expect(
    violations.map((violation) => `${violation.kind} ${violation.target}`),
    "connections outside loopback",
  ).toEqual([]);
});
