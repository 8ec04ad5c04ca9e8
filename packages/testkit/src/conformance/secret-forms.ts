/**
 * The forms in which a secret value can leak: raw, base64 (also inside `user:secret` Basic credentials),
 * URL-encoded and JSON-escaped. Written independently of the core's scrubber so the suite checks it.
 */
export function leakForms(secret: string, companions: readonly string[] = []): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  forms.add(Buffer.from(secret).toString("base64").replace(/=+$/, ""));
  forms.add(Buffer.from(secret).toString("base64url"));
  for (const companion of companions) {
    forms.add(Buffer.from(`${companion}:${secret}`).toString("base64").replace(/=+$/, ""));
  }
  return [...forms].filter((form) => form.length >= 4);
}

/** Returns the leak forms of any of `secrets` found in `text`. */
export function findLeaks(
  text: string,
  secrets: readonly string[],
  companions: readonly string[] = [],
): string[] {
  return secrets.flatMap((secret) => leakForms(secret, companions).filter((form) => text.includes(form)));
}

/** A recognisable canary secret, unique per call. */
export function canarySecret(label = "secret"): string {
  return `CANARY-${label}-${Math.random().toString(36).slice(2, 10)}-${Date.now().toString(36)}`;
}
