import { isIP, connect as netConnect, type Socket } from "node:net";
import type { ConnectionOptions as TlsConnectionOptions } from "node:tls";
import { parseIpAddress } from "./address-ranges.js";
import { EgressBlockedError } from "./egress-blocked-error.js";
import { normalizeHostname } from "./egress-policy.js";
import type { EgressPolicy, ResolvedAddress, Resolver, SocketConnector } from "./types.js";

/** How long opening a TCP connection may take before it is abandoned (the test's deadline is usually shorter). */
const CONNECT_TIMEOUT_MS = 10_000;

/** The default resolver: the system's, every address, in the order the system returns them. */
export const systemResolver: Resolver = async (hostname) => {
  const { lookup: dnsLookup } = await import("node:dns/promises");
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** The default connector: a plain TCP connection to an already-approved address. */
export const systemConnector: SocketConnector = ({ address, port, family }) =>
  netConnect({ host: address, port, family });

/**
 * Resolves `hostname` and checks the name and EVERY address against the policy; one refused address
 * refuses the destination (no fallback to another answer). Returns the approved addresses.
 */
export async function resolveApproved(
  hostname: string,
  policy: EgressPolicy,
  resolver: Resolver,
): Promise<ResolvedAddress[]> {
  const host = normalizeHostname(hostname);
  const nameDecision = policy.checkHostname(host);
  if (!nameDecision.allowed) throw new EgressBlockedError(host, nameDecision.reason);
  const literal = parseIpAddress(host);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: literal.toString(), family: literal.kind() === "ipv6" ? 6 : 4 }]
    : await resolver(host);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" });
  for (const { address } of addresses) {
    const decision = policy.checkAddress(address, literal ? undefined : host);
    if (!decision.allowed) throw new EgressBlockedError(host, decision.reason, address);
  }
  return addresses;
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
 * Opens a connection to exactly the address that was checked (pinned: a DNS answer that changes between
 * the check and the connect cannot redirect it), optionally upgraded to TLS.
 */
export async function openApprovedSocket(options: OpenSocketOptions): Promise<Socket> {
  options.signal?.throwIfAborted();
  const [target] = await resolveApproved(options.hostname, options.policy, options.resolver);
  if (!target) throw new Error("unreachable: resolveApproved returned no address");
  options.signal?.throwIfAborted();
  const raw = options.connector({ address: target.address, port: options.port, family: target.family });
  const hostname = normalizeHostname(options.hostname);
  // node:tls is loaded only by connections that use it.
  const socket = options.tls
    ? (await import("node:tls")).connect({
        ...options.tls,
        socket: raw,
        servername: options.tls.servername ?? (isIP(hostname) ? undefined : hostname),
      } as TlsConnectionOptions)
    : raw;
  await waitUntilConnected(socket, options.tls ? "secureConnect" : "connect", options.signal);
  return socket;
}

function waitUntilConnected(
  socket: Socket,
  event: "connect" | "secureConnect",
  signal?: AbortSignal,
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
      CONNECT_TIMEOUT_MS,
    );
    timer.unref();
    socket.once(event, onConnect);
    socket.once("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
    // A socket handed over already connected (an injected connector may do that) needs no wait.
    if (event === "connect" && !socket.connecting && socket.remoteAddress) onConnect();
  });
}
