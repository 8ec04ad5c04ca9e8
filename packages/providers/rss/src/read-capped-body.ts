import { discardBody, ProviderCheckError } from "@plugboard/core";

/** The largest feed test() reads: real feeds are far smaller; a bigger body is refused, not buffered. */
export const MAX_FEED_BYTES = 10 * 1_024 * 1_024;

function tooLarge(maxBytes: number): ProviderCheckError {
  return new ProviderCheckError(
    "provider_error",
    `The feed is larger than ${Math.round(maxBytes / 1_024 / 1_024)} MiB, which a feed never needs to be; ` +
      "check feed_url points at the feed.",
    { providerResponse: { max_bytes: maxBytes } },
  );
}

/**
 * The whole body, refused as soon as it exceeds `maxBytes` (announced by Content-Length or counted while
 * streaming, after decompression), so a huge or endless response cannot exhaust memory.
 */
export async function readCappedBody(response: Response, maxBytes = MAX_FEED_BYTES): Promise<Uint8Array> {
  const announced = Number(response.headers.get("content-length"));
  if (Number.isFinite(announced) && announced > maxBytes && !response.headers.has("content-encoding")) {
    await discardBody(response);
    throw tooLarge(maxBytes);
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
