/**
 * Regular-expression sources that match one value in every spelling it takes when it leaks. They are
 * combined into one expression by the scrubber, so each is a plain source string without flags (no `u`, no
 * `i`: case-insensitive hex digits are spelled out as classes).
 */

/** A regular-expression source matching `text` literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Characters per nesting level of a prefix pattern (see {@link textPattern}). */
export const PREFIX_STEP = 4;
/** Source matching one literal backslash. */
const BACKSLASH = "\\\\";

/** Source matching the hex digits of `value` (padded to `width`) in upper or lower case. */
function hexDigits(value: number, width: number): string {
  return [...value.toString(16).toUpperCase().padStart(width, "0")]
    .map((digit) => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit))
    .join("");
}

/** Sources matching each byte value as two hex digits in either case. */
const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => hexDigits(byte, 2));

/** Source matching the UTF-8 bytes of `text` as lower- or upper-case hex. */
export function hexPattern(text: string): string {
  let source = "";
  for (const byte of Buffer.from(text, "utf8")) source += HEX_BYTE[byte];
  return source;
}

const HTML_NAMED: Readonly<Record<string, string>> = {
  "&": "amp",
  "<": "lt",
  ">": "gt",
  '"': "quot",
  "'": "apos",
};

/** One way to spell a character: its source and the length of text it matches (to try longer ones first). */
interface Spelling {
  source: string;
  length: number;
}

const spellingCache = new Map<string, string>();

/**
 * Source matching one character (a code point) in every spelling: raw; percent-encoded (either hex case,
 * `+` for a space, and double-encoded `%25XX`); JSON-escaped (`\"`, `\uXXXX`, `\/`, and escaped twice, as
 * when a JSON body is quoted inside another JSON string); HTML entities.
 */
function characterPattern(char: string): string {
  const cached = spellingCache.get(char);
  if (cached !== undefined) return cached;
  const spellings: Spelling[] = [];
  const literal = (text: string): void =>
    void spellings.push({ source: escapeRegExp(text), length: text.length });

  if (char === "\n") spellings.push({ source: "\\r?\\n", length: 1 });
  else literal(char);

  const bytes = [...Buffer.from(char, "utf8")];
  spellings.push({
    source: bytes.map((byte) => `%${hexDigits(byte, 2)}`).join(""),
    length: 3 * bytes.length,
  });
  spellings.push({
    source: bytes.map((byte) => `%25${hexDigits(byte, 2)}`).join(""),
    length: 5 * bytes.length,
  });
  if (char === " ") literal("+");

  // JSON: the short escape JSON.stringify uses, `\uXXXX` per UTF-16 unit (Go escapes <>&, Python every
  // non-ASCII character), `\/` (PHP); each also escaped a second time.
  const shortEscape = JSON.stringify(char).slice(1, -1);
  const escapes = shortEscape === char ? [] : [shortEscape];
  if (char === "/") escapes.push("\\/");
  for (const escaped of escapes) {
    literal(escaped);
    literal(JSON.stringify(escaped).slice(1, -1));
  }
  const units = splitUtf16(char);
  spellings.push({
    source: units.map((unit) => `${BACKSLASH}u${hexDigits(unit, 4)}`).join(""),
    length: 6 * units.length,
  });
  spellings.push({
    source: units.map((unit) => `${BACKSLASH}${BACKSLASH}u${hexDigits(unit, 4)}`).join(""),
    length: 7 * units.length,
  });

  const codePoint = char.codePointAt(0) ?? 0;
  const named = HTML_NAMED[char];
  if (named !== undefined) literal(`&${named};`);
  spellings.push({ source: `&#0*${codePoint};`, length: 3 + String(codePoint).length });
  spellings.push({
    source: `&#[xX]0*${hexDigits(codePoint, 1)};`,
    length: 4 + codePoint.toString(16).length,
  });

  const sources = [...new Map(spellings.map((spelling) => [spelling.source, spelling])).values()]
    .sort((a, b) => b.length - a.length)
    .map((spelling) => spelling.source);
  const pattern = `(?:${sources.join("|")})`;
  spellingCache.set(char, pattern);
  return pattern;
}

function splitUtf16(char: string): number[] {
  const units: number[] = [];
  for (let index = 0; index < char.length; index++) units.push(char.charCodeAt(index));
  return units;
}

/**
 * A run of backslashes is matched as a unit (raw, JSON-escaped, escaped twice, `\u005C`, `%5C`, `%255C`,
 * `&#92;`): per-character alternatives that are prefixes of each other would backtrack exponentially on a
 * long run.
 */
function backslashRunPattern(count: number): string {
  return [
    `${BACKSLASH}{${4 * count}}`,
    `${BACKSLASH}{${2 * count}}`,
    `${BACKSLASH}{${count}}`,
    `(?:${BACKSLASH}u005[Cc]){${count}}`,
    `(?:%5[Cc]){${count}}`,
    `(?:%255[Cc]){${count}}`,
    `(?:&#0*92;|&#[xX]0*5[Cc];){${count}}`,
  ].join("|");
}

/**
 * Source matching `text` with each character spelled in any of the ways {@link characterPattern} lists:
 * covers raw text, `encodeURIComponent`, form encoding, `encodeURI`, JSON bodies (from any common encoder),
 * HTML pages, and text where different characters got different treatment.
 *
 * With `minPrefix`, a prefix of `text` at least that long also matches (the longest present wins, to within
 * {@link PREFIX_STEP} - 1 characters): a secret cut short by a truncated error message is still a leak.
 */
export function textPattern(text: string, minPrefix?: number): string {
  const units = characterUnits(text);
  if (minPrefix === undefined || units.length <= minPrefix) return units.map((unit) => unit.source).join("");
  // The optional tail is only entered after the fixed head matched, so it costs nothing elsewhere. It
  // nests by steps of several characters: one level per character makes the expression slow to compile.
  let head = "";
  let length = 0;
  let index = 0;
  for (; index < units.length && length < minPrefix; index++) {
    head += units[index]?.source;
    length += units[index]?.length ?? 0;
  }
  const steps: string[] = [];
  for (let start = index; start < units.length; start += PREFIX_STEP) {
    steps.push(
      units
        .slice(start, start + PREFIX_STEP)
        .map((unit) => unit.source)
        .join(""),
    );
  }
  return head + steps.reduceRight((tail, step) => `(?:${step}${tail})?`, "");
}

/** The sources of `text`, one per character, except that a run of backslashes is one unit. */
function characterUnits(text: string): Array<{ source: string; length: number }> {
  const units: Array<{ source: string; length: number }> = [];
  const chars = [...text];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] as string;
    if (/[A-Za-z0-9]/.test(char)) {
      units.push({ source: char, length: 1 });
    } else if (char === "\\" && chars[index + 1] === "\\") {
      let count = 1;
      while (chars[index + count] === "\\") count++;
      units.push({ source: `(?:${backslashRunPattern(count)})`, length: count });
      index += count - 1;
    } else {
      units.push({ source: characterPattern(char), length: 1 });
    }
  }
  return units;
}

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Sources for the two base64 digits that differ between the alphabets (and get escaped in URLs and JSON). */
const DIGIT_62 = `\\+|-|%2[Bb]`;
const DIGIT_63 = `\\/|_|%2[Ff]|${BACKSLASH}\\/`;
const OPTIONAL_PADDING = "(?:=|%3[Dd]){0,2}";

/** The 6-bit values whose bits under `mask` equal `known`. */
function valuesMatching(mask: number, known: number): number[] {
  const values: number[] = [];
  for (let value = 0; value < 64; value++) if ((value & mask) === known) values.push(value);
  return values;
}

/** Source matching one base64 or base64url digit whose 6-bit value is one of `values`. */
function base64DigitPattern(values: readonly number[]): string {
  const plain = values.filter((value) => value < 62).map((value) => BASE64_ALPHABET[value] as string);
  const special = [...(values.includes(62) ? [DIGIT_62] : []), ...(values.includes(63) ? [DIGIT_63] : [])];
  if (special.length === 0 && plain.length === 1) return plain[0] as string;
  const alternatives = [...(plain.length > 0 ? [`[${compressClass(plain)}]`] : []), ...special];
  return `(?:${alternatives.join("|")})`;
}

/** Writes a class body with ranges (`A-Za-z`) for the long runs a base64 digit class has. */
function compressClass(chars: readonly string[]): string {
  let body = "";
  let index = 0;
  while (index < chars.length) {
    let end = index;
    while (
      end + 1 < chars.length &&
      (chars[end + 1] as string).charCodeAt(0) === (chars[end] as string).charCodeAt(0) + 1
    ) {
      end++;
    }
    body += end - index >= 2 ? `${chars[index]}-${chars[end]}` : chars.slice(index, end + 1).join("");
    index = end + 1;
  }
  return body;
}

/** Sources matching each fully known digit value, and cached ones for partly known digits. */
const DIGIT_SOURCE = Array.from({ length: 64 }, (_, value) => base64DigitPattern([value]));
const BASE64_VALUE = new Map([...`${BASE64_ALPHABET}+/`].map((char, value) => [char, value]));
const partialDigitCache = new Map<number, string>();

/** Source for a digit of which only the bits under `mask` (equal to `known`) come from the secret. */
function partialDigitPattern(mask: number, known: number): string {
  const key = (mask << 6) | known;
  let source = partialDigitCache.get(key);
  if (source === undefined) {
    source = base64DigitPattern(valuesMatching(mask, known));
    partialDigitCache.set(key, source);
  }
  return source;
}

/**
 * Sources matching `text` base64- or base64url-encoded inside a longer byte string, for each of the three
 * positions (modulo 3) it can start at. Every digit that carries a bit of `text` is matched: the digits
 * mixing bits of `text` with unknown neighbouring bytes become classes of the values those known bits
 * allow, so an `Authorization: Basic base64(user:secret)` header echoed back loses every digit of the
 * secret, and only digits made purely of neighbouring bytes survive.
 */
export function base64Patterns(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  const patterns: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const firstBit = 8 * offset;
    const endBit = 8 * (offset + bytes.length);
    // Zero bytes stand in for the unknown neighbours; the digits they touch are handled as partial.
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    let source = "";
    for (let digit = Math.floor(firstBit / 6); digit <= Math.floor((endBit - 1) / 6); digit++) {
      const low = 6 * digit;
      if (low >= firstBit && low + 6 <= endBit) {
        source += DIGIT_SOURCE[BASE64_VALUE.get(encoded[digit] as string) as number];
        continue;
      }
      let mask = 0;
      for (let bit = 0; bit < 6; bit++) {
        if (low + bit >= firstBit && low + bit < endBit) mask |= 1 << (5 - bit);
      }
      // The encoder filled unknown bits with zeros, so the digit's known bits are read off it directly.
      const value = BASE64_VALUE.get(encoded[digit] as string) as number;
      source += partialDigitPattern(mask, value & mask);
    }
    patterns.push(source + OPTIONAL_PADDING);
  }
  return patterns;
}
