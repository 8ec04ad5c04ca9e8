import { Readable } from "node:stream";
import { createLoopbackGuard, startFakeHttpServer } from "@plugboard/testkit";
import type { HttpRequest } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { GuardedHttpHandler, requestUrl } from "./s3-http-handler.js";

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  method: "GET",
  protocol: "https:",
  hostname: "acme.s3.eu-west-1.amazonaws.com",
  path: "/",
  headers: {},
  ...overrides,
});

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

describe("GuardedHttpHandler", () => {
  it("sends through the guard, without hop-by-hop headers, and returns a Node Readable body", async () => {
    const server = await startFakeHttpServer((_request, reply) =>
      reply.send({ status: 200, body: "<ListBucketResult/>", headers: { "x-amz-request-id": "R1" } }),
    );
    const guard = createLoopbackGuard();
    try {
      const scope = guard.scope();
      const handler = new GuardedHttpHandler({ request: scope.request });
      const { response } = await handler.handle(
        request({
          protocol: "http:",
          hostname: "127.0.0.1",
          port: server.port,
          method: "PUT",
          path: "/key",
          headers: { "x-amz-date": "20260101T000000Z", expect: "100-continue", connection: "keep-alive" },
          body: Readable.from([Buffer.from("hel"), Buffer.from("lo")]),
        }),
      );
      const [received] = server.requests;
      expect(received?.method).toBe("PUT");
      expect(received?.path).toBe("/key");
      expect(received?.headers["x-amz-date"]).toBe("20260101T000000Z");
      expect(received?.headers.expect).toBeUndefined();
      expect(received?.body).toBe("hello");
      expect(response.statusCode).toBe(200);
      expect(response.headers["x-amz-request-id"]).toBe("R1");
      expect(response.body).toBeInstanceOf(Readable);
      const chunks: Buffer[] = [];
      for await (const chunk of response.body as Readable) chunks.push(Buffer.from(chunk));
      expect(Buffer.concat(chunks).toString()).toBe("<ListBucketResult/>");
      expect(scope.hosts()).toEqual([`127.0.0.1:${server.port}`]);
    } finally {
      await guard.close();
      await server.close();
    }
  });

  it("returns a redirect to the SDK unfollowed", async () => {
    const server = await startFakeHttpServer((_request, reply) =>
      reply.send({
        status: 301,
        headers: { location: "http://127.0.0.2/elsewhere", "x-amz-bucket-region": "eu-west-1" },
      }),
    );
    const guard = createLoopbackGuard();
    try {
      const handler = new GuardedHttpHandler({ request: guard.scope().request });
      const { response } = await handler.handle(
        request({ protocol: "http:", hostname: "127.0.0.1", port: server.port, method: "HEAD" }),
      );
      expect(response.statusCode).toBe(301);
      expect(response.headers["x-amz-bucket-region"]).toBe("eu-west-1");
      expect(server.requests).toHaveLength(1);
    } finally {
      await guard.close();
      await server.close();
    }
  });

  it("aborts with its own signal and with the SDK's", async () => {
    const server = await startFakeHttpServer((_request, reply) => reply.stall());
    const guard = createLoopbackGuard();
    try {
      for (const which of ["own", "sdk"] as const) {
        const own = new AbortController();
        const sdk = new AbortController();
        const handler = new GuardedHttpHandler({ request: guard.scope().request, signal: own.signal });
        const pending = handler.handle(
          request({ protocol: "http:", hostname: "127.0.0.1", port: server.port, method: "GET" }),
          { abortSignal: sdk.signal },
        );
        await expect.poll(() => server.requests.length).toBe(which === "own" ? 1 : 2);
        (which === "own" ? own : sdk).abort(new Error(`aborted by ${which}`));
        await expect(pending).rejects.toThrow(`aborted by ${which}`);
      }
    } finally {
      await guard.close();
      await server.close();
    }
  });
});
