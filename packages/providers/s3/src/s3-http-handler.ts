import type { EgressGuard } from "@plugboard/core";
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  QueryParameterBag,
  RequestHandler,
  RequestHandlerOutput,
} from "@smithy/types";

/** Options of {@link GuardedHttpHandler}. */
export interface GuardedHttpHandlerOptions {
  /** What every request goes through: a check's `ctx.request` (egress guard and origin overrides). */
  request: EgressGuard["request"];
  /** Aborts every request (the test's deadline), in addition to the SDK's own abort signal. */
  signal?: AbortSignal;
}

/** Hop-by-hop headers the HTTP client manages itself; none of them is signed by SigV4. */
const DROPPED_HEADERS = new Set(["connection", "expect", "keep-alive", "transfer-encoding", "upgrade"]);

/** RFC 3986 encoding, as SigV4 canonicalises query strings (encodeURIComponent leaves `!'()*` alone). */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function queryString(query: QueryParameterBag): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === null) parts.push(escapeUri(key));
    else
      for (const item of Array.isArray(value) ? value : [value])
        parts.push(`${escapeUri(key)}=${escapeUri(item)}`);
  }
  return parts.join("&");
}

/**
 * The request's URL as a string. The SDK's path is already escaped and signed as is, so it is copied
 * verbatim (a URL object built piece by piece would re-encode it).
 */
export function requestUrl(request: HttpRequest): string {
  const protocol = request.protocol.endsWith(":") ? request.protocol : `${request.protocol}:`;
  const hostname =
    request.hostname.includes(":") && !request.hostname.startsWith("[")
      ? `[${request.hostname}]`
      : request.hostname;
  const port = request.port ? `:${request.port}` : "";
  const path = request.path.startsWith("/") ? request.path : `/${request.path}`;
  const query = queryString(request.query ?? {});
  return `${protocol}//${hostname}${port}${path}${query ? `?${query}` : ""}`;
}

/** A request body as bytes: strings and bytes as they are, streams collected (bodies here are small). */
async function requestBody(body: unknown): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ReadableStream) return new Uint8Array(await new Response(body).arrayBuffer());
  if (typeof body === "object" && Symbol.asyncIterator in body) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  throw new TypeError(`Unsupported request body type: ${Object.prototype.toString.call(body)}.`);
}

function combinedSignal(own: AbortSignal | undefined, sdk: unknown): AbortSignal | undefined {
  const fromSdk = sdk instanceof AbortSignal ? sdk : undefined;
  // Checks pass the test's own signal to send() as well: combining a signal with itself costs a new signal.
  if (own && fromSdk && own !== fromSdk) return AbortSignal.any([own, fromSdk]);
  return own ?? fromSdk;
}

/**
 * A smithy `HttpHandler` that sends the AWS SDK's requests through a check's `ctx.request` — the egress guard's
 * pool, without fetch's web objects — so the SDK never opens a socket of its own: the policy sees every
 * destination and operator origin overrides apply. Redirects are returned to the SDK unfollowed (S3's 301 carries
 * the bucket's region). The response body is the Node `Readable` the SDK's Node runtime expects.
 */
export class GuardedHttpHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  /** Tells the SDK which protocol this handler speaks. */
  readonly metadata = { handlerProtocol: "http/1.1" };
  readonly #options: GuardedHttpHandlerOptions;

  constructor(options: GuardedHttpHandlerOptions) {
    this.#options = options;
  }

  /** Sends one SDK request through the configured guarded request. */
  async handle(
    request: HttpRequest,
    options: HttpHandlerOptions = {},
  ): Promise<RequestHandlerOutput<HttpResponse>> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name] = value;
    }
    const method = request.method.toUpperCase();
    const body = method === "GET" || method === "HEAD" ? undefined : await requestBody(request.body);
    const signal = combinedSignal(this.#options.signal, options.abortSignal);
    const response = await this.#options.request(requestUrl(request), {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(signal ? { signal } : {}),
    });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return { response: { statusCode: response.status, headers: responseHeaders, body: response.body } };
  }

  /** Part of the SDK's handler interface; this handler has no settings to update. */
  updateHttpClientConfig(): void {}

  /** Part of the SDK's handler interface; this handler has no settings. */
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** Nothing to release: connections belong to the egress guard. */
  destroy(): void {}
}
