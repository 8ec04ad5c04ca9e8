import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";

/** A request the fake received, as the test sees it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/users/me?fields=id`. */
  path: string;
  /** The path parsed (against the server's origin), for `url.pathname` and `url.searchParams`. */
  url: URL;
  /** Header names in lower case, as Node's HTTP server reports them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body decoded as UTF-8 (empty when there was none). */
  body: string;
}

/** A canned answer. */
export interface FakeAnswer {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON, with `content-type: application/json` unless `headers` set one. */
  json?: unknown;
  /** The raw body; ignored when `json` is set. */
  body?: string | Buffer;
  /** Wait this long before answering (added to the server's `latencyMs`). */
  delayMs?: number;
}

/** What a handler can do with a request: answer it (at once or later), stall it, or reset it. */
export interface FakeReply {
  /** Answers with status, headers and body (after `delayMs` and the server's `latencyMs`). */
  send(answer: FakeAnswer): Promise<void>;
  /** Shorthand for a JSON answer. */
  json(status: number, body: unknown, headers?: Record<string, string>): Promise<void>;
  /** Shorthand for a plain-text answer. */
  text(status: number, body: string, headers?: Record<string, string>): Promise<void>;
  /** Waits `ms` milliseconds (ends early when the server closes), e.g. `await reply.delay(500)` then answer. */
  delay(ms: number): Promise<void>;
  /** Leaves the request unanswered; the connection stays open until the client gives up or `close()`. */
  stall(): void;
  /** Destroys the connection abruptly (a TCP RST), as a crashing server or a middlebox does. */
  reset(): void;
}

/**
 * A handler: inspect the request, then answer through `reply`. A handler that throws answers 500 with a
 * JSON body naming the error, so a bug in a fake shows up in the test instead of hanging it.
 */
export type FakeHandler = (request: RecordedRequest, reply: FakeReply) => void | Promise<void>;

/**
 * Routes keyed by `"METHOD /path"` (the path without its query, e.g. `"GET /v1/users/me"`); a value is a
 * handler or a canned answer. Requests matching no route answer 404 with a JSON body.
 */
export type FakeRoutes = Record<string, FakeHandler | FakeAnswer>;

/** Options of {@link startFakeHttpServer}. */
export interface FakeHttpServerOptions {
  /** Loopback address to listen on (default `127.0.0.1`; e.g. `127.0.0.2` or `::1`). */
  host?: string;
  /** Added before every answer: benchmarks use it to model a remote API's round trip. */
  latencyMs?: number;
  /** Serve HTTPS with this PEM key and certificate (the client must trust the certificate). */
  https?: { key: string | Buffer; cert: string | Buffer };
}

/** A running fake HTTP server. */
export interface FakeHttpServer {
  /** The origin, e.g. `http://127.0.0.1:41234` (`http://[::1]:41234` for IPv6); no trailing slash. */
  url: string;
  /** Same as `url`. */
  origin: string;
  /** The address it listens on, as given (`::1`, not `[::1]`). */
  host: string;
  port: number;
  /** Every request received, in order of arrival (recorded before the handler runs). */
  requests: RecordedRequest[];
  /** Stops the server, destroying open, keep-alive and stalled connections at once. Safe to call twice. */
  close(): Promise<void>;
}

function routeHandler(routes: FakeRoutes): FakeHandler {
  return (request, reply) => {
    const route = routes[`${request.method} ${request.url.pathname}`];
    if (route === undefined) {
      return reply.json(404, {
        error: "not_found",
        message: `No route for ${request.method} ${request.url.pathname}`,
      });
    }
    return typeof route === "function" ? route(request, reply) : reply.send(route);
  };
}

/** Timers that end early on close(), so a delayed handler never outlives its server. */
function cancellableSleeps() {
  const pending = new Map<NodeJS.Timeout, () => void>();
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, ms);
        pending.set(timer, resolve);
      }),
    cancelAll: () => {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}

async function readRequest(incoming: IncomingMessage, origin: string): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const path = incoming.url ?? "/";
  return {
    method: incoming.method ?? "GET",
    path,
    url: new URL(path, origin),
    headers: incoming.headers,
    body: Buffer.concat(chunks).toString("utf8"),
  };
}

/**
 * Starts a fake HTTP server on a loopback address and a free port. Pass a handler, or a route table
 * (`{ "GET /v1/me": { json: { id: 1 } } }`; unknown routes answer 404 with a JSON body). Each request can
 * be answered, delayed, stalled or reset, so tests reach every failure a real server produces.
 *
 * @example
 * const api = await startFakeHttpServer({
 *   "GET /v1/me": { json: { id: 7 } },
 *   "GET /v1/slow": async (_request, reply) => { await reply.delay(300); await reply.text(200, "late"); },
 *   "GET /v1/hang": (_request, reply) => reply.stall(),
 * });
 * // ... test against api.url, inspect api.requests ...
 * await api.close();
 */
export async function startFakeHttpServer(
  handlerOrRoutes: FakeHandler | FakeRoutes,
  options: FakeHttpServerOptions = {},
): Promise<FakeHttpServer> {
  const host = options.host ?? "127.0.0.1";
  const handler = typeof handlerOrRoutes === "function" ? handlerOrRoutes : routeHandler(handlerOrRoutes);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const { sleep, cancelAll } = cancellableSleeps();
  let origin = "";

  const onRequest = async (incoming: IncomingMessage, response: ServerResponse) => {
    const request = await readRequest(incoming, origin);
    requests.push(request);
    const send = async (answer: FakeAnswer) => {
      const wait = (options.latencyMs ?? 0) + (answer.delayMs ?? 0);
      if (wait > 0) await sleep(wait);
      if (response.destroyed || response.writableEnded) return;
      const headers = { ...answer.headers };
      let body = answer.body;
      if (answer.json !== undefined) {
        const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
        if (!hasContentType) headers["content-type"] = "application/json";
        body = JSON.stringify(answer.json);
      }
      response.writeHead(answer.status ?? 200, headers);
      response.end(body);
    };
    const reply: FakeReply = {
      send,
      json: (status, json, headers) => send({ status, json, ...(headers ? { headers } : {}) }),
      text: (status, body, headers) =>
        send({ status, body, headers: { "content-type": "text/plain; charset=utf-8", ...headers } }),
      delay: sleep,
      stall: () => {},
      reset: () => {
        incoming.socket.resetAndDestroy();
      },
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

  const listener = (incoming: IncomingMessage, response: ServerResponse) => {
    // A client that hangs up mid-body (a test's deadline firing) is normal, not an error of the fake.
    onRequest(incoming, response).catch(() => response.destroy());
  };
  const server: Server = options.https ? createHttpsServer(options.https, listener) : createServer(listener);
  // Track raw sockets ourselves: close() must also end stalled, keep-alive and mid-handshake connections.
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `${options.https ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      cancelAll();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    });
    return closing;
  };
  return { url: origin, origin, host, port, requests, close };
}
