/** A 256-bit key and the id stored beside every envelope it seals. */
export interface SealingKey {
  /** 1–64 letters, digits, `_` or `-` (it is written into envelopes, and never secret). */
  id: string;
  /** 32 bytes, or their base64 / base64url encoding (surrounding whitespace is ignored). */
  key: string | Uint8Array;
}

/**
 * The keys that may open envelopes, and the one new envelopes are sealed with. The key material is held
 * privately: it is not a property of the ring, so logging or serialising a ring shows none of it.
 */
export interface KeyRing {
  /** The id of the key new envelopes are sealed with. */
  readonly primaryKeyId: string;
  /** Whether a key with this id is in the ring. */
  has(id: string): boolean;
  /** Ids of every key in the ring. */
  ids(): string[];
}

/** Key ids: safe inside the dot-separated envelope and in error messages. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_BYTES = 32;
const BASE64_TEXT = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

const keyMaterial = new WeakMap<KeyRing, ReadonlyMap<string, Buffer>>();

/**
 * Builds a key ring. Rotation without downtime: add the new key and make it primary; envelopes sealed
 * under older keys still open while those keys stay in the ring, and `resealSecrets` moves them over.
 * Errors name the key by its id or position, never by its material. Throws `TypeError` for a bad ring.
 */
export function createKeyRing(options: { keys: readonly SealingKey[]; primaryKeyId: string }): KeyRing {
  const keys = new Map<string, Buffer>();
  if (!Array.isArray(options.keys) || options.keys.length === 0) {
    throw new TypeError("A key ring needs at least one key.");
  }
  options.keys.forEach((entry, index) => {
    // An id that fails validation is not printed: a swapped { id: key, key: id } would print the key.
    if (typeof entry?.id !== "string" || !KEY_ID_PATTERN.test(entry.id)) {
      throw new TypeError(`keys[${index}].id must be 1–64 letters, digits, "_" or "-".`);
    }
    if (keys.has(entry.id)) throw new TypeError(`Key id "${entry.id}" appears twice in the key ring.`);
    keys.set(entry.id, decodeKey(entry.key, entry.id));
  });
  const primaryKeyId = options.primaryKeyId;
  if (typeof primaryKeyId !== "string" || !keys.has(primaryKeyId)) {
    const named = typeof primaryKeyId === "string" && KEY_ID_PATTERN.test(primaryKeyId);
    throw new TypeError(
      `The primary key ${named ? `"${primaryKeyId}"` : "id"} is not in the key ring (ids: ${[...keys.keys()].join(", ")}).`,
    );
  }
  const ring: KeyRing = Object.freeze({
    primaryKeyId,
    has: (id: string) => keys.has(id),
    ids: () => [...keys.keys()],
  });
  keyMaterial.set(ring, keys);
  return ring;
}

/** The key with this id, for sealing and opening; `undefined` when the ring does not hold it. */
export function keyOf(ring: KeyRing, id: string): Buffer | undefined {
  const keys = keyMaterial.get(ring);
  if (keys === undefined) throw new TypeError("keyRing must be created with createKeyRing().");
  return keys.get(id);
}

function decodeKey(key: unknown, id: string): Buffer {
  if (key instanceof Uint8Array) {
    if (key.byteLength !== KEY_BYTES) {
      throw new TypeError(`Key "${id}" must be ${KEY_BYTES} bytes; got ${key.byteLength}.`);
    }
    return Buffer.from(key); // a copy: later changes to the caller's array do not reach the ring
  }
  if (typeof key !== "string") {
    throw new TypeError(`Key "${id}" must be a Uint8Array of ${KEY_BYTES} bytes or their base64 text.`);
  }
  const text = key.trim();
  if (!BASE64_TEXT.test(text)) {
    throw new TypeError(`Key "${id}" is not base64 text; give ${KEY_BYTES} random bytes, base64-encoded.`);
  }
  const bytes = Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64");
  if (bytes.length !== KEY_BYTES) {
    const hint = /^[0-9a-fA-F]{64}$/.test(text)
      ? ' It looks like hex: decode it with Buffer.from(hex, "hex").'
      : "";
    throw new TypeError(
      `Key "${id}" must be ${KEY_BYTES} bytes (base64 of ${KEY_BYTES} random bytes); it decodes to ${bytes.length}.${hint}`,
    );
  }
  return bytes;
}
