import {
  type FakeHttpServer,
  type FakeTcpServer,
  startFakeHttpServer,
  startFakeTcpServer,
} from "@plugboard/testkit";
import type { LocalServer, ProviderTarget } from "./provider-targets.js";

/** A server per protocol that accepts every connection and never answers: HTTP headers read, no reply. */
export interface StallServers {
  http: FakeHttpServer;
  tcp: FakeTcpServer;
  /** The server a target must be pointed at. */
  for(target: ProviderTarget): LocalServer;
  /** Requests (HTTP) or connections (TCP) received so far by the server of `target`. */
  hits(target: ProviderTarget): number;
  close(): Promise<void>;
}

export async function startStallServers(): Promise<StallServers> {
  const http = await startFakeHttpServer((_request, reply) => reply.stall());
  const tcp = await startFakeTcpServer("stall");
  const tcpServer: LocalServer = { url: `http://${tcp.host}:${tcp.port}`, host: tcp.host, port: tcp.port };
  return {
    http,
    tcp,
    for: (target) => (target.protocol === "tcp" ? tcpServer : http),
    hits: (target) => (target.protocol === "tcp" ? tcp.connections() : http.requests.length),
    close: async () => {
      await Promise.all([http.close(), tcp.close()]);
    },
  };
}
