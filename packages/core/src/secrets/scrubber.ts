import { MIN_SUBSTRING_SECRET_LENGTH, secretLeakForms } from "./leak-forms.js";
import { REDACTED_MARKER } from "./redact.js";

/** Removes known secret values from text and from nested values. */
export interface SecretScrubber {
  /** `text` with every spelling of every secret replaced by `***REDACTED***`. */
  scrubText(text: string): string;
  /** A scrubbed deep copy: strings and keys scrubbed, errors turned into plain objects, cycles cut. */
  scrubValue(value: unknown): unknown;
}

/** Options of {@link createSecretScrubber}. */
export interface ScrubberOptions {
  /** The config's other values (user names, key ids): `base64(companion:secret)` is scrubbed too. */
  companions?: readonly string[];
}

const MAX_DEPTH = 32;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Builds a scrubber for a set of secrets. All spellings are compiled into one regular expression, longest
 * first, so overlapping secrets leave no fragment and a scrub is one pass over the text.
 */
export function createSecretScrubber(
  secrets: readonly string[],
  options: ScrubberOptions = {},
): SecretScrubber {
  const substringForms = new Set<string>();
  const tokenForms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0 || secret === REDACTED_MARKER) continue;
    if (secret.length < MIN_SUBSTRING_SECRET_LENGTH) {
      tokenForms.add(secret);
      continue;
    }
    for (const form of secretLeakForms(secret, options.companions)) {
      if (form.length >= MIN_SUBSTRING_SECRET_LENGTH) substringForms.add(form);
    }
  }
  const alternatives = [
    ...[...substringForms].sort((a, b) => b.length - a.length).map(escapeRegExp),
    ...[...tokenForms].map((form) => `(?<![A-Za-z0-9])${escapeRegExp(form)}(?![A-Za-z0-9])`),
  ];
  const pattern = alternatives.length > 0 ? new RegExp(alternatives.join("|"), "g") : undefined;

  const scrubText = (text: string): string => (pattern ? text.replace(pattern, REDACTED_MARKER) : text);

  const scrubValue = (value: unknown, depth = 0, seen = new WeakSet<object>()): unknown => {
    if (typeof value === "string") return scrubText(value);
    if (typeof value !== "object" || value === null) return value;
    if (seen.has(value)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[Truncated]";
    seen.add(value);
    try {
      if (value instanceof Error) {
        const plain: Record<string, unknown> = { name: value.name, message: scrubText(value.message) };
        const code = (value as { code?: unknown }).code;
        if (typeof code === "string" || typeof code === "number") plain.code = code;
        return plain;
      }
      if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
      if (ArrayBuffer.isView(value)) return "[binary]";
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value))
        copy[scrubText(key)] = scrubValue(item, depth + 1, seen);
      return copy;
    } finally {
      seen.delete(value);
    }
  };

  return { scrubText, scrubValue: (value) => scrubValue(value) };
}
