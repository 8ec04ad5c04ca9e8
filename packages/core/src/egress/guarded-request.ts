import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import type { Dispatcher, request as undiciRequest } from "undici";
import { MAX_DRAINED_BYTES } from "../http/discard-body.js";
import type { OriginOverrides } from "./origin-overrides.js";
import { requestTarget } from "./request-target.js";

/**
 * One HTTP request for `ctx.request` / `egress.request`. Only these headers are sent: no `Accept-Encoding` is
 * added (nor anything decompressed), so the body arrives as the server sent it.
 */
export interface GuardedRequestInit {
  /** `GET` by default. */
  method?: string;
  /** Header names in any case. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Pass `ctx.signal`: the request and its body stop when the test's deadline passes. */
  signal?: AbortSignal;
}

/** The answer to a {@link GuardedRequestInit}: status and headers at once, the body on demand. */
export interface GuardedHttpResponse {
  readonly status: number;
  /** Response headers: by name in any case, or all of them (repeated ones joined with `, `, as `Headers` does). */
  readonly headers: {
    get(name: string): string | null;
    /** Each header, with its lower-case name. */
    forEach(callback: (value: string, name: string) => void): void;
  };
  /**
   * The body as a Node stream, for a client that consumes one (an SDK's HTTP handler); otherwise use
   * `readText` or `discard`.
   */
  readonly body: Readable;
  /** Reads at most `maxBytes` of the body as UTF-8 and discards the rest; `truncated` says whether any was left. */
  readText(maxBytes: number): Promise<{ text: string; truncated: boolean }>;
  /**
   * Releases a body the caller does not need: a small one is read to its end so the connection is reused,
   * a large one is cut off. Never throws. Every response's body must be read or discarded.
   */
  discard(): Promise<void>;
}

/** undici's `request` and the guarded dispatcher it sends through. */
export interface RequestTransport {
  request: typeof undiciRequest;
  dispatcher: Dispatcher;
}

/** Options of {@link createGuardedRequest}. */
export interface GuardedRequestOptions {
  /** undici and the guarded dispatcher: a promise while they load (first use), then the loaded pair. */
  transport: () => RequestTransport | Promise<RequestTransport>;
  origins: OriginOverrides;
  /** Called with the target of every request. */
  onRequest(url: URL): void;
}

/**
 * A lighter HTTP request than fetch for checks that only read a status, a header or a small body: undici's
 * `request()` through the same guarded pool (the policy checked at connect time on the resolved address), origin
 * overrides applied and the host recorded, without fetch's Request, Response, Headers and web streams — a third
 * of fetch's cost per request on a bulk health check (docs/benchmarks.md). Exactly one hop: a redirect is
 * returned as it is, for the caller to follow (or not) with another request, checked again.
 */
export function createGuardedRequest(
  options: GuardedRequestOptions,
): (url: string | URL, init?: GuardedRequestInit) => Promise<GuardedHttpResponse> {
  return async (input, init = {}) => {
    const url = typeof input === "string" ? new URL(input) : input;
    init.signal?.throwIfAborted();
    const target = requestTarget(url, options.origins, options.onRequest);
    let transport = options.transport();
    // The caller's headers object may change while undici loads (first request only): send what was given.
    const headers = transport instanceof Promise && init.headers ? { ...init.headers } : init.headers;
    if (transport instanceof Promise) transport = await transport;
    const answer = await transport.request(target, {
      dispatcher: transport.dispatcher,
      method: (init.method ?? "GET").toUpperCase() as Dispatcher.HttpMethod,
      ...(headers ? { headers } : {}),
      ...(init.body === undefined ? {} : { body: init.body }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    return guardedResponse(answer);
  };
}

function guardedResponse(answer: Dispatcher.ResponseData): GuardedHttpResponse {
  const { body } = answer;
  const raw = answer.headers as IncomingHttpHeaders;
  return {
    status: answer.statusCode,
    headers: {
      get: (name) => joined(raw[name.toLowerCase()]),
      forEach(callback) {
        for (const [name, value] of Object.entries(raw)) {
          const text = joined(value);
          if (text !== null) callback(text, name);
        }
      },
    },
    body,
    async readText(maxBytes) {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      try {
        for await (const chunk of body) {
          chunks.push(chunk as Buffer);
          size += (chunk as Buffer).byteLength;
          if (size > maxBytes) {
            truncated = true;
            break; // leaving the loop destroys the body: the rest is never buffered
          }
        }
      } finally {
        if (!body.destroyed && truncated) body.destroy();
      }
      return { text: new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes)), truncated };
    },
    async discard() {
      // dump() reads up to the limit and then destroys the body (the connection with it).
      await body.dump({ limit: MAX_DRAINED_BYTES }).catch(() => {});
    },
  };
}

/** A header's value as `Headers.get` gives it: repeated values joined with `, `. */
function joined(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}
