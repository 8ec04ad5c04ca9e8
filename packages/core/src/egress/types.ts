import type { LookupFunction, Socket } from "node:net";
import type { ConnectionOptions as TlsConnectionOptions } from "node:tls";
import type { GuardedHttpResponse, GuardedRequestInit } from "./guarded-request.js";

/** Operator-level egress options, as passed to `createRegistry({ egress })`. */
export interface EgressOptions {
  /**
   * CIDR ranges (`127.0.0.0/8`, `::1/128`), single addresses, or host names (`files.internal.example`,
   * `*.corp.example`) let through although the default policy refuses them.
   */
  allow?: string[];
  /** Ranges, addresses or host names always refused, even when public. */
  deny?: string[];
}

/** The policy's verdict on one host name or resolved address. */
export type EgressDecision = { allowed: true } | { allowed: false; reason: string };

/** Decides which destinations outbound connections may reach. Pure: no I/O. */
export interface EgressPolicy {
  /** Verdict on a host name before resolution (name deny list, names allowed by the operator). */
  checkHostname(hostname: string): EgressDecision;
  /**
   * Verdict on a resolved address. `hostname` is the name it was resolved from, so an operator's
   * allowed host name also lets its private addresses through.
   */
  checkAddress(address: string, hostname?: string): EgressDecision;
}

/** One resolved address. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address (injectable, so tests never touch real DNS). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Options for a raw TCP (optionally TLS) connection made through the guard. */
export interface GuardedConnectOptions {
  host: string;
  port: number;
  /** TLS options; when present the socket is upgraded to TLS (SNI uses `host` unless `servername` is set). */
  tls?: TlsConnectionOptions;
  signal?: AbortSignal;
}

/**
 * Opens a socket to an already-approved IP address (injectable: tests pass one that fails for any
 * non-loopback address instead of connecting).
 */
export type SocketConnector = (options: { address: string; port: number; family: 4 | 6 }) => Socket;

/** Options for {@link EgressGuard} construction. */
export interface EgressGuardOptions {
  policy: EgressPolicy;
  /**
   * Operator-level origin overrides: `{ "https://oauth2.googleapis.com": "http://127.0.0.1:9000" }` sends
   * requests for the real origin to the target. The policy still applies to the target.
   */
  origins?: Record<string, string>;
  resolver?: Resolver;
  connector?: SocketConnector;
  /** Redirects followed by the guarded fetch, each re-checked (default 5). */
  maxRedirects?: number;
}

/** A request-scoped view of the guard, handed to a provider's `check()` as `ctx.egress`. */
export interface EgressGuard {
  readonly policy: EgressPolicy;
  /**
   * `fetch` with the policy enforced on every connection (on the resolved address, at connect time),
   * origin overrides applied, redirects followed manually and re-checked, proxies from the environment
   * ignored. Pass it as an SDK's fetch / transport.
   */
  fetch: typeof globalThis.fetch;
  /**
   * One HTTP request without fetch's web objects, for checks that read a status, headers or a small body:
   * the same policy, pool and origin overrides as `fetch`, a third of its cost; redirects are not followed.
   */
  request(url: string | URL, init?: GuardedRequestInit): Promise<GuardedHttpResponse>;
  /** A `dns.lookup`-compatible function that refuses blocked addresses, for raw-socket clients. */
  lookup: LookupFunction;
  /**
   * Resolves a host and checks the name and every address, for clients that open their own sockets
   * (connect them to the returned address, never to the name, so the check cannot be bypassed by a
   * second DNS answer). Records `host:port` in `hosts()`.
   */
  resolve(host: string, port: number): Promise<ResolvedAddress[]>;
  /** Opens a TCP (or TLS) connection after resolving and checking the host. */
  connect(options: GuardedConnectOptions): Promise<Socket>;
  /** Applies the origin overrides to a URL (returns it unchanged when none matches). */
  resolveUrl(url: string | URL): URL;
  /** Host names (`host` or `host:port`) this view connected to, in order of first use. */
  hosts(): string[];
}
