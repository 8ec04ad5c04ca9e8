import {
  type FakeHttpServer,
  type FakeTcpServer,
  getRefusedPort,
  type RecordedRequest,
  startFakeHttpServer,
  startFakeTcpServer,
} from "@plugboard/testkit";
import type { LocalServer } from "./provider-targets.js";

/** The whole request — request line, every header (Authorization included), body — as text. */
function dumpRequest(request: RecordedRequest): string {
  return [
    `${request.method} ${request.path} HTTP/1.1`,
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`),
    "",
    request.body,
  ].join("\n");
}

const ECHO_STATUSES = [400, 401, 403, 404, 429, 500, 502];

/**
 * Ways a server fails. HTTP: `echo` answers an error status carrying the whole request as JSON,
 * `echo-html` as an HTML error page, `reset` drops the connection, `refused` is a port nobody listens on.
 * Raw TCP: `echo` sends every byte back, `close` hangs up at once, `reset`, `refused`.
 */
export const HTTP_FAILURES = ["echo", "echo-html", "reset", "refused"] as const;
export const TCP_FAILURES = ["echo", "close", "reset", "refused"] as const;
export type HttpFailure = (typeof HTTP_FAILURES)[number];
export type TcpFailure = (typeof TCP_FAILURES)[number];

/** One failing server, started per run so nothing (a cached token, a counter) carries over. */
export interface FailingServer extends LocalServer {
  /** Requests or connections received (0 for `refused`). */
  hits(): number;
  close(): Promise<void>;
}

export async function startFailingHttpServer(mode: HttpFailure): Promise<FailingServer> {
  if (mode === "refused") return refused();
  let served = 0;
  const server: FakeHttpServer = await startFakeHttpServer((request, reply) => {
    const dump = dumpRequest(request);
    const status = ECHO_STATUSES[served++ % ECHO_STATUSES.length] as number;
    if (mode === "reset") return reply.reset();
    if (mode === "echo-html") {
      return reply.send({
        status: 500,
        headers: { "content-type": "text/html" },
        body: `<html><body><h1>Internal error</h1><pre>${dump}</pre></body></html>`,
      });
    }
    return reply.json(status, {
      error: { code: "echo", message: dump, error_description: dump },
      message: dump,
      request: dump,
      headers: request.headers,
      body: request.body,
    });
  });
  return {
    url: server.url,
    host: server.host,
    port: server.port,
    hits: () => server.requests.length,
    close: server.close,
  };
}

export async function startFailingTcpServer(mode: TcpFailure): Promise<FailingServer> {
  if (mode === "refused") return refused();
  const server: FakeTcpServer = await startFakeTcpServer(
    mode === "echo" ? (socket) => socket.on("data", (bytes) => socket.write(bytes)) : mode,
  );
  return {
    url: `http://${server.host}:${server.port}`,
    host: server.host,
    port: server.port,
    hits: server.connections,
    close: server.close,
  };
}

async function refused(): Promise<FailingServer> {
  const port = await getRefusedPort();
  return { url: `http://127.0.0.1:${port}`, host: "127.0.0.1", port, hits: () => 0, close: async () => {} };
}
