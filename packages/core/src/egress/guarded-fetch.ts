import type { Dispatcher } from "undici";
import { applyOriginOverrides, type OriginOverrides } from "./origin-overrides.js";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials: never forwarded to another origin by a redirect. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  /** The guarded dispatcher, created on first use. */
  dispatcher: () => Promise<Dispatcher>;
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
    const request = input instanceof Request ? input : undefined;
    let url = new URL(request ? request.url : input.toString());
    let method = (init.method ?? request?.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers ?? request?.headers);
    let body = init.body ?? (request?.body ? await request.arrayBuffer() : undefined);
    const redirectMode = init.redirect ?? request?.redirect ?? "follow";
    const signal = init.signal ?? request?.signal ?? undefined;

    const [{ fetch: undiciFetch }, dispatcher] = await Promise.all([import("undici"), options.dispatcher()]);
    for (let hop = 0; ; hop++) {
      const target = applyOriginOverrides(url, options.origins);
      if (target.protocol !== "http:" && target.protocol !== "https:") {
        throw new TypeError(`Refusing to fetch a ${target.protocol} URL; only http and https are allowed.`);
      }
      options.onRequest(target);
      const response = (await undiciFetch(target, {
        method,
        headers: [...headers.entries()],
        body: body as never,
        redirect: "manual",
        signal,
        dispatcher,
      })) as unknown as Response;
      const location = response.headers.get("location");
      if (redirectMode === "manual" || !REDIRECT_STATUSES.has(response.status) || !location) return response;
      if (redirectMode === "error")
        throw new TypeError(`Redirect to ${location} refused (redirect: "error").`);
      await response.body?.cancel();
      if (hop >= options.maxRedirects) {
        throw new TooManyRedirectsError(
          `More than ${options.maxRedirects} redirects, the last to ${location}.`,
        );
      }
      const next = new URL(location, target);
      if (next.origin !== target.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      // 303, and 301/302 after a POST, turn into a GET without a body (what browsers and undici do).
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === "POST")
      ) {
        method = method === "HEAD" ? "HEAD" : "GET";
        body = undefined;
        headers.delete("content-type");
        headers.delete("content-length");
      } else if (body instanceof ReadableStream) {
        throw new TypeError("Cannot replay a streamed request body across a redirect.");
      }
      url = next;
    }
  };
  return guarded as typeof globalThis.fetch;
}
