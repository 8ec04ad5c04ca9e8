import type { Dispatcher, fetch as undiciFetch } from "undici";
import { discardBody } from "../http/discard-body.js";
import { isRedirectStatus } from "../http/redirects.js";
import type { OriginOverrides } from "./origin-overrides.js";
import { requestTarget } from "./request-target.js";

/** Headers that carry credentials: never forwarded to another origin by a redirect. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
/** Headers that describe a request body: dropped with the body when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
];

/** undici's fetch and the guarded dispatcher it sends through. */
export interface GuardedTransport {
  fetch: typeof undiciFetch;
  dispatcher: Dispatcher;
}

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  /** undici and the guarded dispatcher: a promise while they load (first use), then the loaded pair. */
  transport: () => GuardedTransport | Promise<GuardedTransport>;
  origins: OriginOverrides;
  maxRedirects: number;
  /** Called with `host[:port]` of every request, redirects included. */
  onRequest(url: URL): void;
}

/** A redirect chain longer than the guard follows. */
export class TooManyRedirectsError extends Error {
  override readonly name = "TooManyRedirectsError";
  readonly code = "ERR_TOO_MANY_REDIRECTS";
}

/**
 * A `fetch` whose every connection goes through the guarded dispatcher. Redirects are followed here, hop
 * by hop (each hop a new request through the same connect-time check, origin overrides applied again),
 * so the policy sees every destination, credentials are dropped when the origin changes, and the chain is
 * capped. Proxy settings from the environment are never used.
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof globalThis.fetch {
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = isRequest(input) ? input : undefined;
    let url = new URL(request ? request.url : String(input));
    let method = (init.method ?? request?.method ?? "GET").toUpperCase();
    // Passed to undici as given once it is loaded; copied into a Headers when the request must wait for it
    // (the caller's object may change meanwhile) or a redirect must drop some.
    let headers: RequestInit["headers"] = init.headers ?? request?.headers;
    let body = init.body ?? (request?.body ? await request.arrayBuffer() : undefined);
    const redirectMode = init.redirect ?? request?.redirect ?? "follow";
    const signal = init.signal ?? request?.signal ?? undefined;
    signal?.throwIfAborted();

    let transport = options.transport();
    if (transport instanceof Promise) {
      if (headers !== undefined) headers = new Headers(headers);
      transport = await transport;
    }
    const { fetch: send, dispatcher } = transport;
    for (let redirects = 0; ; redirects++) {
      const target = requestTarget(url, options.origins, options.onRequest);
      const response = (await send(target, {
        method,
        headers: headers as never,
        body: body as never,
        // A streamed body needs it; harmless for the others.
        ...(body != null ? { duplex: "half" as const } : {}),
        redirect: "manual",
        signal,
        dispatcher,
      })) as unknown as Response;
      const location = response.headers.get("location");
      if (redirectMode === "manual" || !isRedirectStatus(response.status) || location === null) {
        if (redirects > 0) Object.defineProperty(response, "redirected", { value: true });
        return response;
      }
      await discardBody(response);
      if (redirectMode === "error") {
        throw new TypeError(`Redirect to ${location} refused (redirect: "error").`);
      }
      if (redirects >= options.maxRedirects) {
        throw new TooManyRedirectsError(
          `More than ${options.maxRedirects} redirects, the last to ${location}.`,
        );
      }
      // Resolved against the URL the caller asked for (before the override), so a relative hop stays on the
      // real origin and is overridden again, and origins compare as the caller sees them.
      const next = redirectTarget(location, url);
      const editable = new Headers(headers);
      headers = editable;
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) editable.delete(name);
      // 303, and 301/302 after a POST, turn into a GET without a body (what browsers and undici do).
      if (
        (response.status === 303 && method !== "HEAD") ||
        ((response.status === 301 || response.status === 302) && method === "POST")
      ) {
        method = "GET";
        body = undefined;
        for (const name of BODY_HEADERS) editable.delete(name);
      } else if (body instanceof ReadableStream) {
        throw new TypeError("Cannot replay a streamed request body across a redirect.");
      }
      url = next;
    }
  };
  return guarded as typeof globalThis.fetch;
}

/** A `Request` from any fetch implementation (the global one, or undici's when an SDK brings its own). */
function isRequest(input: unknown): input is Request {
  return (
    typeof input === "object" &&
    input !== null &&
    !(input instanceof URL) &&
    typeof (input as { url?: unknown }).url === "string" &&
    typeof (input as { arrayBuffer?: unknown }).arrayBuffer === "function"
  );
}

function redirectTarget(location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch {
    throw new TypeError(`The server redirected to an invalid URL: ${JSON.stringify(location)}.`);
  }
}
