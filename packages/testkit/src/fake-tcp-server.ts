import { type AddressInfo, createServer, type Socket } from "node:net";

/**
 * What a raw TCP fake does with each connection: `stall` reads and discards what the client sends and never
 * answers; `reset` destroys the connection with a TCP RST; `close` ends it at once (FIN); a function gets
 * the socket to speak whatever protocol it likes.
 */
export type FakeTcpMode = "stall" | "reset" | "close" | ((socket: Socket) => void);

/** Options of {@link startFakeTcpServer}. */
export interface FakeTcpServerOptions {
  mode: FakeTcpMode;
  /** Loopback address to listen on (default `127.0.0.1`; e.g. `127.0.0.2` or `::1`). */
  host?: string;
}

/** A running fake TCP server. */
export interface FakeTcpServer {
  /** The address it listens on, as given. */
  host: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Stops the server, destroying every open connection at once. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a raw TCP server on loopback for protocols that are not HTTP (PostgreSQL, a TLS handshake that
 * never completes). Pass the mode, or `{ mode, host }`.
 *
 * @example
 * const server = await startFakeTcpServer("stall");
 * // point the client at 127.0.0.1:server.port and expect its timeout ...
 * await server.close();
 */
export async function startFakeTcpServer(
  modeOrOptions: FakeTcpMode | FakeTcpServerOptions,
  options: { host?: string } = {},
): Promise<FakeTcpServer> {
  const { mode, host = "127.0.0.1" } =
    typeof modeOrOptions === "object" ? modeOrOptions : { mode: modeOrOptions, ...options };
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {}); // a client going away is not the fake's failure
    if (mode === "reset") socket.resetAndDestroy();
    else if (mode === "close") socket.end();
    else if (mode === "stall")
      socket.resume(); // read and discard, so the client's writes never block
    else mode(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    host,
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/**
 * A loopback port where nothing listens (bound to port 0, read, released), for "connection refused"
 * cases. Another process could take it in between, which on a test machine is rare enough to ignore.
 */
export async function getRefusedPort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
