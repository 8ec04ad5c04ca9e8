import type { Socket } from "node:net";
import type { ConnectionOptions as TlsConnectionOptions } from "node:tls";
import { nodeNet } from "../lazy-builtins.js";
import { parseIpAddress } from "./address-ranges.js";
import { EgressBlockedError } from "./egress-blocked-error.js";
import { normalizeHostname } from "./egress-policy.js";
import type { EgressPolicy, ResolvedAddress, Resolver, SocketConnector } from "./types.js";

/** How long opening a connection (every address tried, TLS included) may take before it is abandoned. */
const CONNECT_TIMEOUT_MS = 10_000;

/** The default resolver: the system's, every address, in the order the system returns them. */
export const systemResolver: Resolver = async (hostname) => {
  const { lookup: dnsLookup } = await import("node:dns/promises");
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** The default connector: a plain TCP connection to an already-approved address. */
export const systemConnector: SocketConnector = ({ address, port, family }) =>
  nodeNet().connect({ host: address, port, family });

/** `promise`, or a rejection with the signal's reason as soon as it aborts (the resolver cannot be cancelled). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Resolves `hostname` and checks the name and EVERY address against the policy; one refused address
 * refuses the destination (no fallback to another answer). Returns the approved addresses in canonical
 * form (`0x7f.1` → `127.0.0.1`), which is what a caller must connect to. IP literals skip the resolver.
 */
export async function resolveApproved(
  hostname: string,
  policy: EgressPolicy,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<ResolvedAddress[]> {
  signal?.throwIfAborted();
  const host = normalizeHostname(hostname);
  const nameDecision = policy.checkHostname(host);
  if (!nameDecision.allowed) throw new EgressBlockedError(host, nameDecision.reason);
  const literal = parseIpAddress(host) !== undefined;
  const answers: ResolvedAddress[] = literal
    ? [{ address: host, family: 4 }]
    : await unlessAborted(resolver(host), signal);
  if (answers.length === 0) {
    throw Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND", hostname: host });
  }
  return answers.map(({ address }) => {
    const decision = policy.checkAddress(address, literal ? undefined : host);
    if (!decision.allowed) throw new EgressBlockedError(host, decision.reason, address);
    const parsed = parseIpAddress(address);
    if (!parsed) throw new EgressBlockedError(host, `"${address}" is not an IP address`, address);
    // The family comes from the address itself, not from what the resolver claimed.
    return { address: parsed.toString(), family: parsed.kind() === "ipv6" ? 6 : 4 };
  });
}

/** Options of {@link openApprovedSocket}. */
export interface OpenSocketOptions {
  hostname: string;
  port: number;
  policy: EgressPolicy;
  resolver: Resolver;
  connector: SocketConnector;
  /** Upgrade to TLS with these options; SNI and certificate checks use the host name, not the address. */
  tls?: TlsConnectionOptions;
  signal?: AbortSignal;
}

/**
 * Opens a connection to exactly an address that was checked (pinned: a DNS answer that changes between
 * the check and the connect cannot redirect it), optionally upgraded to TLS. When an approved address
 * cannot be reached (say, IPv6 without a route), the next approved one is tried.
 */
export async function openApprovedSocket(options: OpenSocketOptions): Promise<Socket> {
  const { signal } = options;
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  const host = normalizeHostname(options.hostname);
  const addresses = await resolveApproved(host, options.policy, options.resolver, signal);
  const raw = await connectToFirstReachable(addresses, options, deadline);
  if (!options.tls) return raw;
  // node:tls is loaded only by connections that use it.
  const { connect: tlsConnect } = await import("node:tls");
  const literal = parseIpAddress(host);
  const servername = options.tls.servername ?? (literal ? undefined : host);
  const secure = tlsConnect({
    ...options.tls,
    socket: raw,
    // The certificate is verified against what the caller asked for, never against the pinned address.
    host: literal ? literal.toString() : host,
    ...(servername ? { servername } : {}),
  });
  try {
    await settled(secure, "secureConnect", signal, deadline);
  } catch (error) {
    raw.destroy();
    throw error;
  }
  return secure;
}

async function connectToFirstReachable(
  addresses: ResolvedAddress[],
  options: OpenSocketOptions,
  deadline: number,
): Promise<Socket> {
  let lastError: unknown;
  for (const { address, family } of addresses) {
    options.signal?.throwIfAborted();
    try {
      const socket = options.connector({ address, port: options.port, family });
      await settled(socket, "connect", options.signal, deadline);
      return socket;
    } catch (error) {
      if (options.signal?.aborted || Date.now() >= deadline) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** Resolves once `socket` emits `event`; rejects (and destroys it) on error, abort or the deadline. */
function settled(
  socket: Socket,
  event: "connect" | "secureConnect",
  signal: AbortSignal | undefined,
  deadline: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(event, onConnect);
      socket.off("error", onError);
      signal?.removeEventListener("abort", onAbort);
    };
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const fail = (error: unknown) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error) => fail(error);
    const onAbort = () => fail(signal?.reason);
    const timer = setTimeout(
      () => fail(Object.assign(new Error("connect timed out"), { code: "ETIMEDOUT" })),
      Math.max(0, deadline - Date.now()),
    );
    timer.unref();
    if (signal?.aborted) return onAbort();
    socket.once(event, onConnect);
    socket.once("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
    // A socket handed over already connected (an injected connector may do that) needs no wait.
    if (event === "connect" && !socket.connecting && socket.remoteAddress) onConnect();
  });
}
