import type { LookupFunction } from "node:net";
import type { Agent } from "undici";
import { createGuardedFetch } from "./guarded-fetch.js";
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
  const maxRedirects = options.maxRedirects ?? 5;

  // undici costs ~120 ms to import: load it with the first request, not with the registry.
  let agent: Promise<Agent> | undefined;
  const getAgent = (): Promise<Agent> => {
    agent ??= import("undici").then(({ Agent }) => createAgent(Agent));
    return agent;
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
          (socket) => {
            // Idle pooled sockets must not keep the process alive.
            socket.unref();
            callback(null, socket);
          },
          (error: Error) => callback(error, null),
        );
      },
    });

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const wantsAll =
      typeof lookupOptions === "object" && lookupOptions !== null && lookupOptions.all === true;
    resolveApproved(hostname, policy, resolver).then(
      (addresses) => {
        if (wantsAll) (callback as (error: null, addresses: unknown[]) => void)(null, addresses);
        else callback(null, addresses[0]?.address ?? "", addresses[0]?.family ?? 4);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
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
          dispatcher: getAgent,
          origins,
          maxRedirects,
          onRequest: (url) => record(url.host),
        }),
        lookup,
        resolve: (host, port) => {
          record(`${host}:${port}`);
          return resolveApproved(host, policy, resolver);
        },
        async connect(connectOptions: GuardedConnectOptions) {
          record(`${connectOptions.host}:${connectOptions.port}`);
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
      if (agent) await (await agent).close();
    },
  };
}
