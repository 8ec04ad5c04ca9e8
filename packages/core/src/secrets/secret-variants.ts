/**
 * The parts of a secret that are secrets on their own: a partial leak (one line of a PEM key, the password
 * inside a connection URI) is still a leak.
 */

/**
 * Secrets shorter than this are only scrubbed as whole tokens. Replacing "ab" everywhere would shred every
 * message, and would itself leak the secret: the pattern of markers in ordinary text spells it out.
 */
export const MIN_SUBSTRING_SECRET_LENGTH = 4;

/** Lines of a multi-line secret at least this long are scrubbed on their own. */
const MIN_LINE_LENGTH = 16;
/** A user name inside a secret URI is scrubbed only when it is this long (then it is a token, not "postgres"). */
const MIN_URI_USERNAME_LENGTH = 16;
/** Query parameters of a secret URI whose value is a credential (`?password=…`, `&sig=…`). */
const CREDENTIAL_PARAM = /pass|pwd|secret|token|key|sig|auth|credential/i;
const URI_WITH_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The strings to scrub for one secret (see {@link secretVariants}). */
export interface SecretVariants {
  /** The secret first, then the other values that leak on their own: a URI's password, a PEM key's body. */
  values: string[];
  /** Each long line of a multi-line secret: scrubbed as text, but not searched for in base64 or hex. */
  lines: string[];
}

/**
 * Every string that must be scrubbed for `secret`. Besides the secret itself, only variants at least
 * {@link MIN_SUBSTRING_SECRET_LENGTH} long (lines: 16) are returned.
 */
export function secretVariants(secret: string): SecretVariants {
  const values = new Set<string>([secret]);
  const lines = new Set<string>();
  const add = (variant: string | undefined, into = values, minLength = MIN_SUBSTRING_SECRET_LENGTH): void => {
    if (variant !== undefined && variant.length >= minLength) into.add(variant);
  };
  // A PEM key pasted with literal "\n" sequences is usually unescaped before use, so the library that
  // leaks it prints real line breaks.
  const bases = [secret];
  if (secret.includes("\\n")) {
    const unescaped = secret.replaceAll("\\r\\n", "\n").replaceAll("\\n", "\n");
    bases.push(unescaped);
    add(unescaped);
  }
  for (const base of bases) {
    for (const part of uriCredentials(base)) add(part);
    const baseLines = base.split(/\r?\n/).map((line) => line.trim());
    if (baseLines.length < 2) continue;
    for (const line of baseLines) add(line, lines, MIN_LINE_LENGTH);
    // PEM armour lines ("-----BEGIN …-----") are public; the base64 body joined is what libraries print.
    add(baseLines.filter((line) => !line.startsWith("-----")).join(""), values, MIN_LINE_LENGTH);
  }
  for (const value of values) lines.delete(value);
  return { values: [...values], lines: [...lines] };
}

/** The credentials inside a `scheme://user:password@host/?token=…` secret, decoded. */
function uriCredentials(secret: string): string[] {
  if (!URI_WITH_SCHEME.test(secret)) return [];
  let url: URL;
  try {
    url = new URL(secret);
  } catch {
    return [];
  }
  const parts: string[] = [];
  const password = safeDecode(url.password);
  if (password) parts.push(password, url.password);
  const username = safeDecode(url.username);
  if (username.length >= MIN_URI_USERNAME_LENGTH) parts.push(username, url.username);
  for (const [name, value] of url.searchParams) if (CREDENTIAL_PARAM.test(name)) parts.push(value);
  return parts;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
