import type { LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import type { Agent } from "undici";
import { MAX_REDIRECTS } from "../http/redirects.js";
import { normalizeHostname } from "./egress-policy.js";
import { createGuardedFetch, type GuardedTransport } from "./guarded-fetch.js";
import { createGuardedRequest, type RequestTransport } from "./guarded-request.js";
import { openApprovedSocket, resolveApproved, systemConnector, systemResolver } from "./open-socket.js";
import { applyOriginOverrides, compileOriginOverrides } from "./origin-overrides.js";
import type { EgressGuard, EgressGuardOptions, GuardedConnectOptions } from "./types.js";

/** Idle pooled connections are closed after this long, so an idle registry holds few sockets. */
const KEEP_ALIVE_TIMEOUT_MS = 4_000;

/** The long-lived part of the guard (one connection pool); hands out a scoped {@link EgressGuard} per test. */
export interface EgressGuardFactory {
  /** A view for one test: its own record of hosts, the shared pool and policy. */
  scope(): EgressGuard;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/**
 * Creates the egress guard. Every connection — pooled HTTP through undici, or raw TCP/TLS for database
 * clients — resolves the host, checks the name and every resolved address against the policy, and then
 * connects to exactly the checked address.
 */
export function createEgressGuard(options: EgressGuardOptions): EgressGuardFactory {
  const { policy } = options;
  const resolver = options.resolver ?? systemResolver;
  const connector = options.connector ?? systemConnector;
  const origins = compileOriginOverrides(options.origins);
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) {
    throw new TypeError(`maxRedirects must be a whole number ≥ 0, not ${maxRedirects}.`);
  }

  // undici costs ~120 ms to import: load it with the first request, not with the registry. Once loaded it is
  // handed out directly: a dynamic import, or even an await, per request showed in bulk profiles.
  type Transport = GuardedTransport & RequestTransport & { dispatcher: Agent };
  let loading: Promise<Transport> | undefined;
  let loaded: Transport | undefined;
  const getTransport = (): Transport | Promise<Transport> => {
    if (loaded) return loaded;
    if (!loading) {
      const started: Promise<Transport> = import("undici").then(({ Agent, fetch, request }) => {
        const ready = { fetch, request, dispatcher: createAgent(Agent) };
        if (loading === started) loaded = ready; // not when the guard was closed meanwhile
        return ready;
      });
      loading = started;
    }
    return loading;
  };
  const createAgent = (AgentClass: typeof Agent): Agent =>
    new AgentClass({
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connect: (connectOptions, callback) => {
        const https = connectOptions.protocol === "https:";
        openApprovedSocket({
          hostname: connectOptions.hostname,
          port: Number(connectOptions.port) || (https ? 443 : 80),
          policy,
          resolver,
          connector,
          ...(https
            ? {
                tls: {
                  ALPNProtocols: ["http/1.1"],
                  ...(connectOptions.servername ? { servername: connectOptions.servername } : {}),
                },
              }
            : {}),
        }).then(
          // No unref() here: undici refs a socket while it carries a request and unrefs it when idle, so an
          // idle pooled socket does not keep the process alive but a pending request does.
          (socket) => callback(null, socket),
          (error: Error) => callback(error, null),
        );
      },
    });

  const lookupFor =
    (record: (host: string) => void): LookupFunction =>
    (hostname, lookupOptions, callback) => {
      const { all, family } = lookupSettings(lookupOptions);
      record(normalizeHostname(hostname));
      resolveApproved(hostname, policy, resolver).then(
        (approved) => {
          // Every answer was checked above; the family filter only narrows what the caller gets.
          const addresses = family ? approved.filter((answer) => answer.family === family) : approved;
          const [first] = addresses;
          if (!first) {
            const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${family} address`);
            error.code = "ENOTFOUND";
            callback(error, "", family);
          } else if (all) callback(null, addresses);
          else callback(null, first.address, first.family);
        },
        (error: NodeJS.ErrnoException) => callback(error, "", family),
      );
    };

  return {
    scope() {
      const hosts: string[] = [];
      const record = (host: string) => {
        if (!hosts.includes(host)) hosts.push(host);
      };
      return {
        policy,
        fetch: createGuardedFetch({
          transport: getTransport,
          origins,
          maxRedirects,
          onRequest: (url) => record(url.host),
        }),
        request: createGuardedRequest({
          transport: getTransport,
          origins,
          onRequest: (url) => record(url.host),
        }),
        lookup: lookupFor(record),
        resolve: (host, port) => {
          record(hostPort(host, port));
          return resolveApproved(host, policy, resolver);
        },
        async connect(connectOptions: GuardedConnectOptions) {
          record(hostPort(connectOptions.host, connectOptions.port));
          return openApprovedSocket({
            hostname: connectOptions.host,
            port: connectOptions.port,
            policy,
            resolver,
            connector,
            ...(connectOptions.tls ? { tls: connectOptions.tls } : {}),
            ...(connectOptions.signal ? { signal: connectOptions.signal } : {}),
          });
        },
        resolveUrl: (url) => applyOriginOverrides(url, origins),
        hosts: () => [...hosts],
      };
    },
    close: async () => {
      const closing = loading;
      loading = undefined; // a later request opens a fresh pool instead of failing on a closed one
      loaded = undefined;
      if (closing) await (await closing).dispatcher.close();
    },
  };
}

/** `dns.lookup` options as clients pass them: an object, a bare family number, or nothing. */
function lookupSettings(options: LookupOptions | number | undefined): {
  all: boolean;
  family: 4 | 6 | undefined;
} {
  const settings = typeof options === "number" ? { family: options } : (options ?? {});
  const { family } = settings;
  return {
    all: settings.all === true,
    family: family === 4 || family === "IPv4" ? 4 : family === 6 || family === "IPv6" ? 6 : undefined,
  };
}

/** `host:port` as in a URL (`[::1]:5432`), normalized like the policy sees it. */
function hostPort(host: string, port: number): string {
  const name = normalizeHostname(host);
  return `${name.includes(":") ? `[${name}]` : name}:${port}`;
}
