import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ProviderRegistry } from "@plugboard/core";
import { createFormsApi } from "./forms-api.js";
import { createStaticFiles } from "./static-files.js";

/** Options of {@link startFormsDemoServer}. */
export interface FormsDemoServerOptions {
  /** The registry whose providers get forms; its `validate` and `redact` answer submissions. */
  registry: ProviderRegistry;
  /** The folder of the built demo (`vite build`'s output). */
  staticDir: string;
  /** 127.0.0.1 unless given: the demo is for this machine. */
  host?: string;
  /** 0 (any free port) unless given. */
  port?: number;
}

/** Serves the built demo page and its API on one origin. */
export async function startFormsDemoServer(
  options: FormsDemoServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const api = createFormsApi(options.registry);
  const files = createStaticFiles(options.staticDir);
  const server = createServer((request, response) => {
    api(request, response)
      .then((handled) => (handled ? undefined : files(request, response)))
      .catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
