import { base64Patterns, escapeRegExp, hexPattern, textPattern } from "./encoding-patterns.js";
import { REDACTED_MARKER } from "./redact.js";
import { scrubStructure } from "./scrub-value.js";
import { MIN_SUBSTRING_SECRET_LENGTH, secretVariants } from "./secret-variants.js";

/** Removes known secret values from text and from nested values. */
export interface SecretScrubber {
  /** `text` with every spelling of every secret replaced by `***REDACTED***`. */
  scrubText(text: string): string;
  /**
   * A scrubbed, JSON-friendly deep copy: strings and keys scrubbed, errors turned into plain objects,
   * binary data dropped, cycles and excessive depth cut. The input is never mutated.
   */
  scrubValue(value: unknown): unknown;
}

/** Options of {@link createSecretScrubber}. */
export interface ScrubberOptions {
  /**
   * The config's other string values (user names, key ids): `base64(companion + ":" + secret)`, the
   * `Authorization: Basic` form, is then removed as a whole token, the companion part included.
   */
  companions?: readonly string[];
}

/** One alternative of the combined expression; `weight` orders them so longer secrets win at a position. */
interface Alternative {
  source: string;
  weight: number;
}

/** Characters around a short secret that make it part of a longer word (so it is not that secret). */
const WORD = "A-Za-z0-9";
const BASE64_WORD = "A-Za-z0-9+/_-";
/** A prefix of a secret this long is a leak of its own (16 characters of a key is most of its strength). */
const MIN_LEAKED_PREFIX = 16;
/** Values up to this long are also matched by their prefixes (longer ones nest too deep to be worth it). */
const MAX_PREFIX_MATCHED_LENGTH = 256;
/**
 * Longest secret or companion looked for as a whole `base64(companion:secret)` token. Basic credentials
 * carry passwords and tokens, not PEM keys, and the secret's own digits are scrubbed in any case.
 */
const MAX_BASIC_PART_LENGTH = 256;

/**
 * Builds a scrubber for a set of secrets. Every spelling of every secret (see the secrets guide: raw,
 * URL-encoded, JSON-escaped, HTML-escaped, hex, base64/base64url at any alignment, `user:secret` Basic
 * credentials, the password of a secret URI, each line of a PEM key) is compiled once into a single
 * regular expression, so scrubbing a text is one pass however many secrets there are.
 *
 * Overlapping matches (two secrets sharing characters, a Basic token containing the secret) are merged
 * before replacing, so no fragment of any secret is left between two markers.
 *
 * Secrets shorter than {@link MIN_SUBSTRING_SECRET_LENGTH} characters are removed only where they stand
 * as whole tokens: as substrings they would shred ordinary words, and the markers would reveal the secret.
 */
export function createSecretScrubber(
  secrets: readonly string[],
  options: ScrubberOptions = {},
): SecretScrubber {
  const alternatives = new Map<string, number>();
  const add = ({ source, weight }: Alternative): void => {
    alternatives.set(source, Math.max(weight, alternatives.get(source) ?? 0));
  };
  const companions = [...new Set(options.companions ?? [])].filter(
    (value) => typeof value === "string" && value.length > 0 && value.length <= MAX_BASIC_PART_LENGTH,
  );

  for (const secret of new Set(secrets)) {
    if (typeof secret !== "string" || secret.length === 0 || secret === REDACTED_MARKER) continue;
    for (const alternative of alternativesFor(secret)) add(alternative);
    for (const alternative of basicCredentialAlternatives(secret, companions)) add(alternative);
  }

  const sources = [...alternatives]
    .sort(([sourceA, weightA], [sourceB, weightB]) => weightB - weightA || sourceB.length - sourceA.length)
    .map(([source]) => source);
  const pattern = sources.length > 0 ? new RegExp(sources.join("|"), "g") : undefined;

  const scrubText = (text: string): string => {
    if (pattern === undefined || typeof text !== "string" || text.length === 0) return text;
    return replaceRanges(text, matchedRanges(pattern, text));
  };
  return { scrubText, scrubValue: (value) => scrubStructure(value, scrubText) };
}

/** The alternatives that remove `secret` in every spelling. */
function alternativesFor(secret: string): Alternative[] {
  if (secret.length < MIN_SUBSTRING_SECRET_LENGTH) {
    const weight = secret.length;
    const base64 = Buffer.from(secret, "utf8").toString("base64").replace(/=+$/, "");
    const tokens = [
      `(?<![${WORD}])(?:${textPattern(secret)})(?![${WORD}])`,
      `(?<![${BASE64_WORD}])${escapeRegExp(base64)}=*(?![${BASE64_WORD}])`,
    ];
    return tokens.map((source) => ({ source, weight }));
  }
  const { values, lines } = secretVariants(secret);
  const result: Alternative[] = lines.map((line) => ({
    source: prefixTextPattern(line),
    weight: line.length,
  }));
  for (const value of values) {
    const weight = value.length;
    result.push({ source: prefixTextPattern(value), weight }, { source: hexPattern(value), weight });
    // Also the base64 of the value as it sits inside a JSON document (a base64'd service-account file).
    for (const bytes of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      for (const source of base64Patterns(bytes)) result.push({ source, weight });
    }
  }
  return result;
}

/**
 * The text pattern of a value, also matching any prefix of at least {@link MIN_LEAKED_PREFIX} characters
 * when the value is longer (a truncated line of a PEM key, a token cut short in a log line). Very long
 * values (a whole PEM key) are matched whole: their lines cover truncation.
 */
function prefixTextPattern(value: string): string {
  return textPattern(value, value.length <= MAX_PREFIX_MATCHED_LENGTH ? MIN_LEAKED_PREFIX : undefined);
}

/** `base64(companion:secret)` (and base64url), so an echoed Basic header goes as one whole token. */
function basicCredentialAlternatives(secret: string, companions: readonly string[]): Alternative[] {
  if (secret.length > MAX_BASIC_PART_LENGTH || /[\r\n]/.test(secret)) return [];
  const result: Alternative[] = [];
  for (const companion of companions) {
    if (companion === secret) continue;
    const basic = Buffer.from(`${companion}:${secret}`, "utf8");
    const weight = companion.length + 1 + secret.length;
    for (const encoded of [basic.toString("base64"), basic.toString("base64url")]) {
      result.push({ source: `${escapeRegExp(encoded.replace(/=+$/, ""))}=*`, weight });
    }
  }
  return result;
}

/**
 * Every range of `text` matched by some alternative, merged. After each match the search resumes one
 * character later, not after the match, so a secret overlapping the end of another is found too.
 */
function matchedRanges(pattern: RegExp, text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    pattern.lastIndex = start + 1;
    if (end === start) continue;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

function replaceRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return text;
  let result = "";
  let cursor = 0;
  for (const [start, end] of ranges) {
    result += text.slice(cursor, start) + REDACTED_MARKER;
    cursor = end;
  }
  return result + text.slice(cursor);
}
