import type { AddressInfo } from "node:net";
import type { Hono } from "hono";

/** A running HTTP server for the connections API. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a Hono app with Node's HTTP server (`@hono/node-server`) on `hostname:port` (0 picks a port). */
export async function startServer(
  app: Pick<Hono, "fetch">,
  options: { port: number; hostname: string },
): Promise<RunningServer> {
  const { serve } = await import("@hono/node-server");
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
