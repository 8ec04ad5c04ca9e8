import { nodeCrypto } from "../lazy-builtins.js";
import { KEY_ID_PATTERN, type KeyRing, keyOf } from "./key-ring.js";

/** Where a sealed envelope belongs: opening it for any other organization or connection fails. */
export interface SealContext {
  keyRing: KeyRing;
  organizationId: string;
  connectionId: string;
}

/**
 * Why an envelope could not be opened: `malformed` (not an envelope of this format), `unknown_key` (sealed
 * under a key id the ring does not hold), `tampered` (authentication failed: modified, sealed for another
 * organization or connection, or a different key under the same id).
 */
export type SecretSealErrorCode = "malformed" | "unknown_key" | "tampered";

/**
 * An envelope that cannot be opened. Loud by design: a wrong key or tampering is never a silent
 * `undefined`. Messages never contain key material, ciphertext or plaintext.
 */
export class SecretSealError extends Error {
  override readonly name = "SecretSealError";
  /** What went wrong; stable, for programs to branch on. */
  readonly code: SecretSealErrorCode;
  /**
   * For `unknown_key`: the id of the key the envelope names, which the ring does not hold (ids are never
   * secret), so a program can say which key to add back without parsing the message.
   */
  readonly keyId?: string;

  constructor(code: SecretSealErrorCode, message: string, details: { keyId?: string } = {}) {
    super(message);
    this.code = code;
    if (details.keyId !== undefined) this.keyId = details.keyId;
  }
}

const VERSION = "pbse1";
const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Additional authenticated data: the format version, key id, organization and connection, each
 * length-prefixed so that ("a", "bc") and ("ab", "c") can never produce the same bytes.
 */
function additionalData(keyId: string, context: SealContext): Buffer {
  return Buffer.from(
    [VERSION, keyId, context.organizationId, context.connectionId]
      .map((part) => `${Buffer.byteLength(part, "utf8")}:${part}`)
      .join(""),
    "utf8",
  );
}

function checkContext(context: SealContext): void {
  for (const field of ["organizationId", "connectionId"] as const) {
    const value: unknown = context?.[field];
    if (typeof value !== "string" || value.length === 0) {
      throw new TypeError(`The seal context needs a non-empty ${field}.`);
    }
  }
}

/**
 * Seals any JSON value with AES-256-GCM under the key ring's primary key and a fresh random 12-byte IV,
 * bound to the organization and connection. Returns `pbse1.<keyId>.<iv>.<ciphertext+tag>` (base64url
 * parts). `undefined` is sealed as `null`; a value JSON cannot represent (a BigInt) throws.
 */
export function sealSecrets(value: unknown, context: SealContext): string {
  checkContext(context);
  const keyId = context.keyRing.primaryKeyId;
  const key = keyOf(context.keyRing, keyId) as Buffer;
  const { createCipheriv, randomBytes } = nodeCrypto();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(keyId, context));
  const ciphertext = Buffer.concat([
    cipher.update(JSON.stringify(value ?? null), "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return [VERSION, keyId, iv.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

interface ParsedEnvelope {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Decodes base64url, refusing any spelling other than the canonical one (so no two texts open alike). */
function canonicalBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

function parseEnvelope(envelope: unknown): ParsedEnvelope {
  const parts = typeof envelope === "string" ? envelope.split(".") : [];
  const [version, keyId, ivText, bodyText] = parts;
  if (parts.length !== 4 || version !== VERSION || keyId === undefined || !KEY_ID_PATTERN.test(keyId)) {
    throw new SecretSealError("malformed", `Not a ${VERSION} sealed envelope.`);
  }
  const iv = canonicalBase64Url(ivText ?? "");
  const body = canonicalBase64Url(bodyText ?? "");
  // A sealed JSON value is at least one byte long ("0"), after which comes the 16-byte tag.
  if (iv?.length !== IV_BYTES || body === undefined || body.length <= TAG_BYTES) {
    throw new SecretSealError("malformed", "The sealed envelope is truncated or not base64url.");
  }
  return {
    keyId,
    iv,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

/**
 * Opens an envelope sealed by {@link sealSecrets} for the same organization and connection, with any key
 * of the ring (not only the primary one). Throws {@link SecretSealError} when it cannot.
 */
export function openSecrets(envelope: string, context: SealContext): unknown {
  checkContext(context);
  const { keyId, iv, ciphertext, tag } = parseEnvelope(envelope);
  const key = keyOf(context.keyRing, keyId);
  if (key === undefined) {
    throw new SecretSealError(
      "unknown_key",
      `The envelope was sealed with key "${keyId}", which is not in the key ring (ids: ${context.keyRing.ids().join(", ")}).`,
      { keyId },
    );
  }
  let plaintext: string;
  try {
    const decipher = nodeCrypto().createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, context));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretSealError(
      "tampered",
      `The envelope sealed with key "${keyId}" failed authentication: it was modified, belongs to another organization or connection, or key "${keyId}" is not the key it was sealed with.`,
    );
  }
  try {
    return JSON.parse(plaintext);
  } catch {
    throw new SecretSealError("malformed", "The envelope opened, but its content is not JSON.");
  }
}

/**
 * Whether an envelope is sealed under a key other than the ring's primary one (and should be passed to
 * {@link resealSecrets}). Throws {@link SecretSealError} (`malformed`) for text that is not an envelope.
 */
export function needsRotation(envelope: string, keyRing: KeyRing): boolean {
  return parseEnvelope(envelope).keyId !== keyRing.primaryKeyId;
}

/**
 * Re-seals an envelope under the ring's primary key, with a fresh IV. The old key must still be in the
 * ring to open it; once nothing needs rotation, the old key can be removed.
 */
export function resealSecrets(envelope: string, context: SealContext): string {
  return sealSecrets(openSecrets(envelope, context), context);
}
