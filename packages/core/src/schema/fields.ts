import * as z from "zod";

/** Matches what `z.url({ protocol: /^https?$/ })` accepts at the start, in any letter case. */
const HTTP_URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://";

/**
 * An http(s) URL field. zod checks the protocol in code, which JSON Schema cannot see, so the same rule is
 * also given as a `pattern`: forms and ajv then refuse `ftp://…` exactly as zod does.
 */
export function httpUrlSchema(): z.ZodURL {
  return z.url({ protocol: /^https?$/ }).meta({ pattern: HTTP_URL_PATTERN });
}

/**
 * A host name or IP address to open a raw connection to (a database, a proxy): no scheme, port, path or
 * credentials, IPv6 in brackets. Which hosts may be reached is the egress policy's decision, not this one's.
 */
export function hostSchema(): z.ZodString {
  return z
    .string()
    .min(1)
    .max(253)
    .regex(/^[^\s/:@]+$|^\[[0-9a-fA-F:.]+\]$/, {
      message: "A host name or IP address, without scheme or port.",
    });
}
