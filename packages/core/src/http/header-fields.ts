import * as z from "zod";

/** An RFC 9110 `token`: the only characters a header name may contain. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A header value with no control character but horizontal tab: above all no CR or LF, so a value typed
 * into a config can never end one header and start another.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
export const HEADER_VALUE_PATTERN = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;

/**
 * Headers a config may not set: they frame the message or route it (smuggling, host confusion), and the
 * HTTP client sets them itself.
 */
export const RESERVED_HEADER_NAMES: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-authorization",
  "proxy-connection",
]);

/** A header name field: RFC 9110 token syntax, 1–256 characters. */
export function headerNameSchema(): z.ZodString {
  return z
    .string()
    .min(1)
    .max(256)
    .regex(HEADER_NAME_PATTERN, { message: "A header name: letters, digits and !#$%&'*+.^_`|~- only." });
}

/** A header value field: up to `max` characters, no CR, LF or other control character. */
export function headerValueSchema(max = 8_192): z.ZodString {
  return z
    .string()
    .max(max)
    .regex(HEADER_VALUE_PATTERN, { message: "Must not contain line breaks or other control characters." });
}
