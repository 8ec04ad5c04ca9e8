import { Readable } from "node:stream";
import type { HttpRequest } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { FetchHttpHandler, requestUrl } from "./s3-fetch-handler.js";

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  method: "GET",
  protocol: "https:",
  hostname: "acme.s3.eu-west-1.amazonaws.com",
  path: "/",
  headers: {},
  ...overrides,
});

/** A fetch that records what it was asked and answers with a fixed response. */
function recordingFetch(answer: () => Response) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe("requestUrl", () => {
  it("keeps the SDK's escaped path and encodes the query as SigV4 canonicalises it", () => {
    const url = requestUrl(
      request({
        hostname: "::1",
        port: 9000,
        path: "/bucket/a%20b/%C3%BC.txt",
        query: { location: null, "list-type": "2", prefix: "it's (x)*!", tag: ["a", "b c"] },
      }),
    );
    expect(url).toBe(
      "https://[::1]:9000/bucket/a%20b/%C3%BC.txt?location&list-type=2&prefix=it%27s%20%28x%29%2A%21&tag=a&tag=b%20c",
    );
  });
});

describe("FetchHttpHandler", () => {
  it("sends through the given fetch, without headers fetch refuses, and returns a Node Readable body", async () => {
    const { fetch, calls } = recordingFetch(
      () => new Response("<ListBucketResult/>", { status: 200, headers: { "x-amz-request-id": "R1" } }),
    );
    const handler = new FetchHttpHandler({ fetch });
    const { response } = await handler.handle(
      request({
        method: "PUT",
        path: "/key",
        headers: { "x-amz-date": "20260101T000000Z", expect: "100-continue", connection: "keep-alive" },
        body: Readable.from([Buffer.from("hel"), Buffer.from("lo")]),
      }),
    );
    const [call] = calls;
    expect(call?.url).toBe("https://acme.s3.eu-west-1.amazonaws.com/key");
    expect(call?.init.method).toBe("PUT");
    expect(call?.init.redirect).toBe("manual");
    const headers = new Headers(call?.init.headers);
    expect(headers.get("x-amz-date")).toBe("20260101T000000Z");
    expect(headers.has("expect")).toBe(false);
    expect(headers.has("connection")).toBe(false);
    expect(Buffer.from(call?.init.body as Uint8Array).toString()).toBe("hello");
    expect(response.statusCode).toBe(200);
    expect(response.headers["x-amz-request-id"]).toBe("R1");
    expect(response.body).toBeInstanceOf(Readable);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe("<ListBucketResult/>");
  });

  it("aborts with its own signal and with the SDK's", async () => {
    const own = new AbortController();
    const sdk = new AbortController();
    const { fetch, calls } = recordingFetch(() => new Response(null, { status: 204 }));
    const handler = new FetchHttpHandler({ fetch, signal: own.signal });
    const { response } = await handler.handle(request({ method: "HEAD" }), { abortSignal: sdk.signal });
    expect(response.statusCode).toBe(204);
    const signal = calls[0]?.init.signal as AbortSignal;
    expect(signal.aborted).toBe(false);
    sdk.abort();
    expect(signal.aborted).toBe(true);
    expect(calls[0]?.init.body).toBeUndefined();
  });
});
