/** A 256-bit key and the id stored beside every envelope it seals. */
export interface SealingKey {
  id: string;
  /** 32 bytes, or their base64 encoding. */
  key: string | Uint8Array;
}

/** The keys that may open envelopes, and the one new envelopes are sealed with. */
export interface KeyRing {
  readonly primaryKeyId: string;
  /** The key with this id, or `undefined`. */
  get(id: string): Buffer | undefined;
  /** Ids of every key in the ring. */
  ids(): string[];
}

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_BYTES = 32;

/**
 * Builds a key ring. Rotation without downtime: add the new key and make it primary; envelopes sealed
 * under older keys still open while those keys stay in the ring, and `resealSecrets` moves them over.
 * Errors name the key id, never the key material.
 */
export function createKeyRing(options: { keys: readonly SealingKey[]; primaryKeyId: string }): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const { id, key } of options.keys) {
    if (!KEY_ID.test(id)) throw new TypeError(`Key id "${id}" must be 1–64 letters, digits, "_" or "-".`);
    if (keys.has(id)) throw new TypeError(`Key id "${id}" appears twice in the key ring.`);
    const bytes = typeof key === "string" ? Buffer.from(key, "base64") : Buffer.from(key);
    if (bytes.length !== KEY_BYTES) {
      throw new TypeError(
        `Key "${id}" must be ${KEY_BYTES} bytes (base64 of 32 random bytes); got ${bytes.length}.`,
      );
    }
    keys.set(id, bytes);
  }
  if (!keys.has(options.primaryKeyId)) {
    throw new TypeError(`The primary key "${options.primaryKeyId}" is not in the key ring.`);
  }
  return {
    primaryKeyId: options.primaryKeyId,
    get: (id) => keys.get(id),
    ids: () => [...keys.keys()],
  };
}
