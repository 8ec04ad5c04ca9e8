import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing } from "./key-ring.js";

/** Where a sealed envelope belongs: opening it anywhere else fails. */
export interface SealContext {
  keyRing: KeyRing;
  organizationId: string;
  connectionId: string;
}

/** Why an envelope could not be opened. */
export type SecretSealErrorCode = "malformed" | "unknown_key" | "tampered";

/** A sealed envelope that cannot be opened. Loud by design: a wrong key or tampering is never a silent `undefined`. */
export class SecretSealError extends Error {
  override readonly name = "SecretSealError";
  constructor(
    readonly code: SecretSealErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = "pbse1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Additional authenticated data: the format version, key id, organization and connection, each
 * length-prefixed so that ("a", "bc") and ("ab", "c") can never collide.
 */
function additionalData(keyId: string, context: SealContext): Buffer {
  return Buffer.from(
    [VERSION, keyId, context.organizationId, context.connectionId]
      .map((part) => `${part.length}:${part}`)
      .join("|"),
    "utf8",
  );
}

/**
 * Seals any JSON value with AES-256-GCM under the key ring's primary key, bound to the organization and
 * connection. Returns `pbse1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts).
 */
export function sealSecrets(value: unknown, context: SealContext): string {
  const keyId = context.keyRing.primaryKeyId;
  const key = context.keyRing.get(keyId) as Buffer;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(additionalData(keyId, context));
  const ciphertext = Buffer.concat([
    cipher.update(JSON.stringify(value ?? null), "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return [VERSION, keyId, iv.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

function parseEnvelope(envelope: unknown): { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const parts = typeof envelope === "string" ? envelope.split(".") : [];
  const [version, keyId, iv, body] = parts;
  if (parts.length !== 4 || version !== VERSION || !keyId || !iv || !body) {
    throw new SecretSealError("malformed", `Not a ${VERSION} sealed envelope.`);
  }
  const ivBytes = Buffer.from(iv, "base64url");
  const bodyBytes = Buffer.from(body, "base64url");
  if (ivBytes.length !== IV_BYTES || bodyBytes.length < TAG_BYTES || ivBytes.toString("base64url") !== iv) {
    throw new SecretSealError("malformed", "The sealed envelope is truncated or not base64url.");
  }
  return {
    keyId,
    iv: ivBytes,
    ciphertext: bodyBytes.subarray(0, bodyBytes.length - TAG_BYTES),
    tag: bodyBytes.subarray(bodyBytes.length - TAG_BYTES),
  };
}

/** Opens an envelope sealed by {@link sealSecrets} for the same organization and connection. */
export function openSecrets(envelope: string, context: SealContext): unknown {
  const { keyId, iv, ciphertext, tag } = parseEnvelope(envelope);
  const key = context.keyRing.get(keyId);
  if (!key) {
    throw new SecretSealError(
      "unknown_key",
      `The envelope was sealed with key "${keyId}", which is not in the key ring.`,
    );
  }
  let plaintext: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(additionalData(keyId, context));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretSealError(
      "tampered",
      "The envelope failed authentication: it was modified, or belongs to another organization or connection.",
    );
  }
  return JSON.parse(plaintext);
}

/** Whether an envelope is sealed under a key other than the ring's primary one. */
export function needsRotation(envelope: string, keyRing: KeyRing): boolean {
  return parseEnvelope(envelope).keyId !== keyRing.primaryKeyId;
}

/** Re-seals an envelope under the ring's primary key (rotation); opening it with its old key must still work. */
export function resealSecrets(envelope: string, context: SealContext): string {
  return sealSecrets(openSecrets(envelope, context), context);
}
