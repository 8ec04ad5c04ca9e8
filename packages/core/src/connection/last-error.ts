/** Longest `last_error` a record keeps; longer messages are cut and end with an ellipsis. */
export const MAX_LAST_ERROR_LENGTH = 1_000;

/**
 * Cuts `message` to at most {@link MAX_LAST_ERROR_LENGTH} characters; a cut message ends with `…`.
 * A surrogate pair is never split, so the result is always well-formed text.
 */
export function truncateLastError(message: string): string {
  if (message.length <= MAX_LAST_ERROR_LENGTH) return message;
  let end = MAX_LAST_ERROR_LENGTH - 1;
  const last = message.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose partner would be cut off
  return `${message.slice(0, end)}…`;
}
