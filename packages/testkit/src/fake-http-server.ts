import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request the fake received, as the test sees it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/users/me?fields=id`. */
  path: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A canned answer. */
export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  body?: string | Buffer;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** What a handler can do with a request. */
export interface FakeReply {
  /** Answers with status, headers and body (after `delayMs` and the server's `latencyMs`). */
  send(answer: FakeAnswer): Promise<void>;
  /** Shorthand for a JSON answer. */
  json(status: number, body: unknown, headers?: Record<string, string>): Promise<void>;
  /** Reads the request and never answers; the socket stays open until `close()`. */
  stall(): void;
  /** Destroys the connection abruptly (a TCP reset), as a crashing server or middlebox does. */
  reset(): void;
}

/** A handler: inspect the request, then answer through `reply`. */
export type FakeHandler = (request: RecordedRequest, reply: FakeReply) => void | Promise<void>;

/** Routes keyed by `"METHOD /path"` (the path without query); a value is a handler or a canned answer. */
export type FakeRoutes = Record<string, FakeHandler | FakeAnswer>;

/** Options of {@link startFakeHttpServer}. */
export interface FakeHttpServerOptions {
  /** Loopback address to listen on (default 127.0.0.1; e.g. 127.0.0.2 or ::1). */
  host?: string;
  /** Added before every answer: benchmarks use it to model a remote API. */
  latencyMs?: number;
}

/** A running fake HTTP server. */
export interface FakeHttpServer {
  /** `http://host:port` */
  url: string;
  origin: string;
  host: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Stops the server, destroying open and stalled connections at once. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toHandler(routes: FakeRoutes): FakeHandler {
  return (request, reply) => {
    const route = routes[`${request.method} ${request.url.pathname}`];
    if (route === undefined)
      return reply.json(404, {
        error: "not_found",
        message: `No route for ${request.method} ${request.url.pathname}`,
      });
    return typeof route === "function" ? route(request, reply) : reply.send(route);
  };
}

/**
 * Starts a fake HTTP server on a loopback address and a free port. Pass a handler, or a route table
 * (`{ "GET /v1/me": { json: { id: 1 } } }`; unknown routes answer 404 with a JSON body). Each request can
 * be answered, delayed, stalled or reset, so tests reach every failure a real server produces.
 */
export async function startFakeHttpServer(
  handlerOrRoutes: FakeHandler | FakeRoutes,
  options: FakeHttpServerOptions = {},
): Promise<FakeHttpServer> {
  const host = options.host ?? "127.0.0.1";
  const handler = typeof handlerOrRoutes === "function" ? handlerOrRoutes : toHandler(handlerOrRoutes);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const onRequest = async (incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const path = incoming.url ?? "/";
    const request: RecordedRequest = {
      method: incoming.method ?? "GET",
      path,
      url: new URL(path, "http://fake.invalid"),
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(request);
    const send = async (answer: FakeAnswer) => {
      const wait = (options.latencyMs ?? 0) + (answer.delayMs ?? 0);
      if (wait > 0) await sleep(wait);
      if (response.destroyed) return;
      const headers = { ...answer.headers };
      let body = answer.body;
      if (answer.json !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(answer.json);
      }
      response.writeHead(answer.status ?? 200, headers);
      response.end(body);
    };
    const reply: FakeReply = {
      send,
      json: (status, json, headers) => send({ status, json, ...(headers ? { headers } : {}) }),
      stall: () => {},
      reset: () => incoming.socket.resetAndDestroy(),
    };
    try {
      await handler(request, reply);
    } catch (error) {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "fake_handler_failed", message: String(error) }));
      }
    }
  };

  const server: Server = createServer((incoming, response) => {
    void onRequest(incoming, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    origin,
    host,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
