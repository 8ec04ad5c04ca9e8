import { type AgentOptions, Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Duplex } from "node:stream";
import type { EgressGuard } from "@plugboard/core";

type Connected = (error: Error | null, socket: Duplex) => void;

/**
 * snowflake-sdk opens its sockets through http(s) agents and lets a caller supply them (`agentClass`,
 * called with the protocol it needs). These agents open every connection with the egress guard, so the
 * resolved address is checked and pinned exactly as for fetch-based providers. Keep-alive is off: a test
 * makes a handful of requests and must leave nothing open.
 */
export function guardedAgentFactory(egress: EgressGuard, signal: AbortSignal) {
  const open = (
    options: {
      host?: string | null;
      hostname?: string | null;
      port?: number | string | null;
      servername?: string;
    },
    tls: boolean,
    callback: Connected,
  ) => {
    const host = options.hostname ?? options.host ?? "localhost";
    const port = Number(options.port) || (tls ? 443 : 80);
    egress
      .connect({
        host,
        port,
        signal,
        ...(tls ? { tls: { servername: options.servername ?? host, ALPNProtocols: ["http/1.1"] } } : {}),
      })
      .then(
        (socket) => {
          diesWithSignal(socket, signal);
          callback(null, socket);
        },
        (error: Error) => callback(error, undefined as unknown as Duplex),
      );
  };
  const agentFor = (tls: boolean): HttpAgent => {
    const agent = tls ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false });
    // Returning nothing tells Node's agent to wait for the callback (the guard connects asynchronously).
    agent.createConnection = (options, callback) => {
      open(options as never, tls, callback as Connected);
      return undefined;
    };
    return agent;
  };
  return (options: AgentOptions & { protocol?: string }) => agentFor(options.protocol === "https:");
}

/**
 * Destroys `socket` when the test's signal fires (deadline or caller abort). snowflake-sdk does not abort
 * its in-flight login request when the connection is destroyed, so without this a socket to a server that
 * never answers stays open after the test has returned, and keeps the process alive.
 */
function diesWithSignal(socket: Duplex, signal: AbortSignal): void {
  const destroy = (): void => {
    socket.destroy();
  };
  if (signal.aborted) {
    destroy();
    return;
  }
  signal.addEventListener("abort", destroy, { once: true });
  socket.once("close", () => signal.removeEventListener("abort", destroy));
}
