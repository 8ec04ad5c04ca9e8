import { type AddressInfo, connect, createServer, type Socket } from "node:net";

/** A TCP proxy on loopback that delays everything the server sends. */
export interface LatencyProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts a TCP proxy in front of `127.0.0.1:targetPort` that holds every chunk the server sends for
 * `latencyMs` before passing it on (in order; what the client sends goes through at once). Each
 * request-response exchange then costs `latencyMs` more, whatever the protocol (HTTP, TLS, PostgreSQL):
 * how the round-trip benchmark models a remote service.
 */
export async function startLatencyProxy(targetPort: number, latencyMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, latencyMs);
    timers.add(timer);
  };
  const server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk) => upstream.write(chunk));
    client.on("end", () => upstream.end());
    // Equal delays fire in the order they were set, so the stream stays in order.
    upstream.on("data", (chunk) => later(() => client.writable && client.write(chunk)));
    upstream.on("end", () => later(() => client.end()));
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
