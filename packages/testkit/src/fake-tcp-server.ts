import { type AddressInfo, createServer, type Socket } from "node:net";

/** What a raw TCP fake does with each connection. */
export type FakeTcpMode = "stall" | "reset" | "close" | ((socket: Socket) => void);

/** A running fake TCP server. */
export interface FakeTcpServer {
  host: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A raw TCP server on loopback for protocols that are not HTTP (PostgreSQL, Snowflake's TLS): `stall`
 * accepts and never answers, `reset` sends a TCP reset, `close` ends the connection at once.
 */
export async function startFakeTcpServer(
  mode: FakeTcpMode,
  options: { host?: string } = {},
): Promise<FakeTcpServer> {
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    if (mode === "reset") socket.resetAndDestroy();
    else if (mode === "close") socket.end();
    else if (typeof mode === "function") mode(socket);
    // "stall": read nothing back, answer nothing, keep the socket open.
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port where nothing listens (bound, read, released), for "connection refused" cases. */
export async function getRefusedPort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
