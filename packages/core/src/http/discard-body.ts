/**
 * Most bytes a discarded body is read for before the connection is given up instead of reused (`discardBody`,
 * and `discard()` of a guarded request's response).
 */
export const MAX_DRAINED_BYTES = 65_536;

/**
 * Releases a response body the caller does not need. A small body is read to its end, which is cheaper than
 * cancelling it (a cancel goes through the fetch's abort path and builds an AbortError for nothing: 4 % of the
 * CPU of a bulk http_api health check, measured); past `maxBytes` it is cancelled, so an endless or huge body
 * never holds the test. Never throws.
 */
export async function discardBody(response: Response, maxBytes = MAX_DRAINED_BYTES): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  try {
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > maxBytes) break;
    }
    await reader.cancel();
  } catch {
    // The request was aborted or the connection broke: the body is gone either way.
  }
}
