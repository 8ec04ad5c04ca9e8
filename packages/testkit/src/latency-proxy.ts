import { type AddressInfo, connect, createServer, type Socket } from "node:net";

/** A TCP proxy on loopback that delays everything the server sends. */
export interface LatencyProxy {
  port: number;
  close(): Promise<void>;
}

/** How long before its due time a held chunk stops waiting on a timer and polls instead. */
const TIMER_SLACK_MS = 2;

/**
 * Starts a TCP proxy in front of `127.0.0.1:targetPort` that holds every chunk the server sends for
 * `latencyMs` before passing it on (in order; what the client sends goes through at once). Each
 * request-response exchange then costs `latencyMs` more, whatever the protocol (HTTP, TLS, PostgreSQL):
 * how the round-trip benchmark models a remote service.
 *
 * The hold is exact to a fraction of a millisecond: a timer alone fires up to a millisecond or two late (timers
 * count whole milliseconds, `setTimeout(0)` waits 1 ms), which the benchmark would count as the provider's time.
 * So a chunk waits on a timer until shortly before it is due, then on the event loop's next turns.
 */
export async function startLatencyProxy(targetPort: number, latencyMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    for (const socket of [client, upstream]) {
      // Without it, Nagle's algorithm holds a chunk written while an earlier one is unacknowledged: a
      // response sent in two writes (headers, then body) would wait on a delayed ACK on top of the latency.
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk) => upstream.write(chunk));
    client.on("end", () => upstream.end());

    // What the server sent, oldest first, each with the time it may go on; one pump releases them in order.
    const held: Array<{ dueAt: number; deliver: () => void }> = [];
    let pumping = false;
    const pump = (): void => {
      const next = held[0];
      if (!next || client.destroyed) {
        pumping = false;
        return;
      }
      const wait = next.dueAt - performance.now();
      if (wait > TIMER_SLACK_MS) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          pump();
        }, wait - TIMER_SLACK_MS);
        timers.add(timer);
      } else if (wait > 0) setImmediate(pump);
      else {
        held.shift();
        next.deliver();
        pump();
      }
    };
    const hold = (deliver: () => void): void => {
      held.push({ dueAt: performance.now() + latencyMs, deliver });
      if (!pumping) {
        pumping = true;
        pump();
      }
    };
    upstream.on("data", (chunk) => hold(() => client.writable && client.write(chunk)));
    upstream.on("end", () => hold(() => client.end()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
