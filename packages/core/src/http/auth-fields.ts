import * as z from "zod";
import { headerValueSchema } from "./header-fields.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001F\u007F]+$/;
/** RFC 7617: a Basic user id may not contain a colon. */
const NO_COLON = /^[^:]*$/;
/**
 * A token pasted with the scheme or the header name a curl line shows (`Authorization: Bearer …`). Letter
 * classes instead of a flag: JSON Schema patterns have none.
 */
const NO_SCHEME_PREFIX =
  /^(?![Bb][Ee][Aa][Rr][Ee][Rr]\s|[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Aa][Tt][Ii][Oo][Nn]\s*:)/;
/** A whole header line (`X-API-Key: …`) pasted as the value. */
const NO_HEADER_LINE = /^(?![!#$%&'*+.^_`|~0-9A-Za-z-]+:\s)/;

/** An HTTP Basic user name: no control characters, no colon (a pasted `user:password` pair says where each goes). */
export function basicUsernameSchema(): z.ZodString {
  return z
    .string()
    .max(1_024)
    .regex(NO_CONTROL_CHARACTERS, { message: "No line breaks or other control characters." })
    .regex(NO_COLON, {
      message: 'No colon: for a "user:password" pair, put the part after the colon in password.',
    });
}

/** A bearer token, refused with a sentence when pasted with `Bearer ` or `Authorization:` in front of it. */
export function bearerTokenSchema(max = 16_384): z.ZodString {
  return headerValueSchema(max).min(1).regex(NO_SCHEME_PREFIX, {
    message: 'Paste the token alone: "Authorization: Bearer " is added for you.',
  });
}

/**
 * A header's value, refused with a sentence when the whole header line (`X-API-Key: …`) was pasted; `what` names
 * the value in that sentence ("key", "value").
 */
export function headerValueOnlySchema(what = "value", max = 8_192): z.ZodString {
  return headerValueSchema(max)
    .min(1)
    .regex(NO_HEADER_LINE, { message: `Only the ${what}: the header's name goes in name.` });
}

/**
 * The `{ type: "bearer", token }` branch of an auth union, as every provider sending `Authorization: Bearer` spells
 * it (titles included, so forms show it alike everywhere).
 */
export function bearerAuthSchema() {
  return z
    .strictObject({
      type: z.literal("bearer").meta({ title: "Method", description: 'Always "bearer".' }),
      token: bearerTokenSchema().meta({
        title: "Bearer token",
        description: "Sent as `Authorization: Bearer <token>`.",
      }),
    })
    .meta({ title: "Bearer token" });
}
