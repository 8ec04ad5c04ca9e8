import * as z from "zod";

/**
 * What `z.url({ protocol: /^https?$/ })` accepts at the start, in any letter case, and no white space anywhere:
 * zod's URL parser trims and encodes spaces, while a JSON Schema validator's `uri` format refuses them.
 */
const HTTP_URL_PATTERN = /^[Hh][Tt][Tt][Pp][Ss]?:\/\/\S*$/;

/**
 * An http(s) URL field. zod checks the protocol in code, which JSON Schema cannot see, so the same rule is
 * also a `pattern` (zod exports the regex): forms and ajv then refuse `ftp://…` or a pasted trailing line
 * break exactly as zod does. `message` may say, for the input refused, what to paste instead (it must not
 * quote the input).
 */
export function httpUrlSchema(
  message: (input: unknown) => string = () => "An http:// or https:// URL, without spaces or line breaks.",
): z.ZodPipe<z.ZodString, z.ZodURL> {
  // The pattern is checked first, on the value as given: zod's URL check trims the value it passes on.
  return z
    .string()
    .regex(HTTP_URL_PATTERN, { error: (issue) => message(issue.input) })
    .pipe(z.url({ protocol: /^https?$/, error: (issue) => message(issue.input) }));
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

/** The JSON Schema keyword that carries an enum's labels, in the order of its values, until the export turns them into titled choices. */
export const ENUM_LABELS_KEYWORD = "x-enumNames";

/**
 * A `z.enum` whose values each have a human label, e.g. `labelledEnum({ global: "Global", china: "China
 * (21Vianet)" })`. Validation is `z.enum`'s; the JSON Schema export turns the labels into titled choices
 * (`oneOf` of `const` + `title`), which form builders render as a select showing the labels.
 */
export function labelledEnum<const Labels extends Record<string, string>>(
  labels: Labels,
): z.ZodEnum<{ [Value in keyof Labels & string]: Value }> {
  const values = Object.keys(labels);
  if (values.length === 0) throw new TypeError("labelledEnum needs at least one value.");
  return z
    .enum(values as [keyof Labels & string, ...(keyof Labels & string)[]])
    .meta({ [ENUM_LABELS_KEYWORD]: Object.values(labels) }) as unknown as z.ZodEnum<{
    [Value in keyof Labels & string]: Value;
  }>;
}
