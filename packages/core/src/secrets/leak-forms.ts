/**
 * The spellings a secret takes when it leaks: echoed in a URL, a JSON body, a Basic header, a connection
 * URI or a log line. The scrubber removes every one of them.
 */

/** Secrets shorter than this are only scrubbed as whole tokens: blindly replacing "ab" everywhere would shred every message. */
export const MIN_SUBSTRING_SECRET_LENGTH = 4;
/** Lines of a multi-line secret (a PEM key) at least this long are scrubbed on their own: a partial key is still a leak. */
const MIN_LINE_LENGTH = 16;

const toBase64 = (bytes: Buffer): string => bytes.toString("base64");
const toBase64Url = (base64: string): string => base64.replaceAll("+", "-").replaceAll("/", "_");

/**
 * The base64 text that any encoding of a longer byte string containing `secret` must contain, for each of
 * the three alignments the secret can start at: the blocks that mix in unknown neighbouring bytes are cut.
 */
function embeddedBase64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = toBase64(padded).replace(/=+$/, "");
    const startCut = offset === 0 ? 0 : 4; // the first block mixes the unknown preceding bytes
    const fullBlocks = Math.floor(padded.length / 3) * 4; // a partial last block mixes unknown following bytes
    const middle = encoded.slice(startCut, fullBlocks);
    // Even one clean block (3 bytes of the secret) is worth removing: over-redacting base64-looking text is
    // harmless, and the blocks at the edges carry at most two bytes of the secret each.
    if (middle.length >= 4) forms.push(middle);
  }
  return forms;
}

/** The decoded password of a `scheme://user:password@host` secret, if it is one. */
function passwordInUri(secret: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(secret)) return undefined;
  try {
    const password = new URL(secret).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** Every spelling of `secret` the scrubber looks for; `companions` are the config's other values (user names, key ids). */
export function secretLeakForms(secret: string, companions: readonly string[] = []): string[] {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (form.length > 0) forms.add(form);
  };
  const variants = [secret];
  // A connection URI (`postgres://user:password@host/db`) also leaks through its password alone.
  const uriPassword = passwordInUri(secret);
  if (uriPassword !== undefined && uriPassword.length >= MIN_SUBSTRING_SECRET_LENGTH)
    variants.push(uriPassword);
  // A PEM key or other multi-line secret: each long line, and the body with the line breaks removed.
  const lines = secret.split(/\r?\n/).map((line) => line.trim());
  if (lines.length > 1) {
    for (const line of lines) if (line.length >= MIN_LINE_LENGTH) variants.push(line);
    const body = lines.filter((line) => !line.startsWith("-----")).join("");
    if (body.length >= MIN_LINE_LENGTH) variants.push(body);
  }
  for (const variant of variants) {
    add(variant);
    add(encodeURIComponent(variant));
    add(encodeURIComponent(variant).replaceAll("%20", "+"));
    add(encodeURI(variant));
    add(JSON.stringify(variant).slice(1, -1));
    const base64 = toBase64(Buffer.from(variant, "utf8"));
    add(base64);
    add(base64.replace(/=+$/, ""));
    add(toBase64Url(base64).replace(/=+$/, ""));
    for (const form of embeddedBase64Forms(variant)) {
      add(form);
      add(toBase64Url(form));
    }
  }
  for (const companion of companions) {
    const basic = toBase64(Buffer.from(`${companion}:${secret}`, "utf8"));
    add(basic);
    add(basic.replace(/=+$/, ""));
  }
  return [...forms];
}
