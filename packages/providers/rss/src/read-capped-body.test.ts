import { describe, expect, it } from "vitest";
import { readCappedBody } from "./read-capped-body.js";

/** A response streaming `chunks` without announcing its length, as a chunked or endless body does. */
function streamed(chunks: number[]): { response: Response; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = chunks[pulled++];
      if (size === undefined) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
  });
  return { response: new Response(stream), pulled: () => pulled };
}

describe("readCappedBody", () => {
  it("reads a body up to the cap", async () => {
    const { response } = streamed([400, 600]);
    expect((await readCappedBody(response, 1_000)).byteLength).toBe(1_000);
  });

  it("stops reading a stream without Content-Length as soon as it passes the cap", async () => {
    const { response, pulled } = streamed(Array.from({ length: 1_000 }, () => 512));
    await expect(readCappedBody(response, 2_000)).rejects.toMatchObject({ category: "provider_error" });
    expect(pulled()).toBeLessThan(10);
  });

  it("refuses an announced Content-Length over the cap without reading", async () => {
    const response = new Response("x".repeat(10), { headers: { "content-length": "5000" } });
    await expect(readCappedBody(response, 1_000)).rejects.toThrow(/larger than/);
  });
});
