import { MIN_SUBSTRING_SECRET_LENGTH, secretVariants } from "./secret-variants.js";

/**
 * Literal examples of how `secret` leaks — raw, `encodeURIComponent`, form encoding, `encodeURI`,
 * JSON-escaped, base64 (padded and not), base64url, hex, and `base64(companion:secret)` for each companion —
 * for each of its variants (the password of a secret URI, the joined body of a PEM key), and each long
 * line of a PEM key raw, URL-encoded and JSON-escaped. The scrubber removes every one of these, and more
 * (see `createSecretScrubber`); tests and conformance suites can use this list to plant and look for
 * leaks. A secret shorter than
 * {@link MIN_SUBSTRING_SECRET_LENGTH} yields only its whole-token forms (itself and its base64).
 */
export function secretLeakForms(secret: string, companions: readonly string[] = []): string[] {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (form.length > 0) forms.add(form);
  };
  const { values: variants, lines } =
    secret.length < MIN_SUBSTRING_SECRET_LENGTH ? { values: [], lines: [] } : secretVariants(secret);
  for (const line of lines) {
    add(line);
    add(encodeURIComponent(line));
    add(JSON.stringify(line).slice(1, -1));
  }
  for (const variant of variants) {
    const base64 = Buffer.from(variant, "utf8").toString("base64");
    add(variant);
    add(encodeURIComponent(variant));
    add(new URLSearchParams({ v: variant }).toString().slice(2));
    add(encodeURI(variant));
    add(JSON.stringify(variant).slice(1, -1));
    add(base64);
    add(base64.replace(/=+$/, ""));
    add(Buffer.from(variant, "utf8").toString("base64url"));
    add(Buffer.from(variant, "utf8").toString("hex"));
  }
  if (variants.length === 0 && secret.length > 0) {
    add(secret);
    add(Buffer.from(secret, "utf8").toString("base64"));
  }
  for (const companion of companions) {
    if (companion.length === 0 || secret.length === 0) continue;
    add(Buffer.from(`${companion}:${secret}`, "utf8").toString("base64"));
    add(Buffer.from(`${companion}:${secret}`, "utf8").toString("base64url"));
  }
  return [...forms];
}
