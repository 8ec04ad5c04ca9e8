import { nodeCrypto } from "../lazy-builtins.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 15;
// Bytes at or above this are discarded: 248 is the largest multiple of 62 within a byte, so every
// character stays equally likely (a plain `byte % 62` would favour the first 8 characters).
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/** The shape of a connection id: `conn_` followed by 15 ASCII letters or digits. */
export const CONNECTION_ID_PATTERN = /^conn_[A-Za-z0-9]{15}$/;

/** A source of random bytes, such as `crypto.randomBytes` (the default). */
export type RandomBytes = (size: number) => Uint8Array;

/**
 * A new connection id: `conn_` + 15 random alphanumerics (about 89 bits), drawn from `random`
 * (`crypto.randomBytes` by default) by rejection sampling, so every character is equally likely.
 */
export function generateConnectionId(random: RandomBytes = (size) => nodeCrypto().randomBytes(size)): string {
  let id = "";
  while (id.length < ID_LENGTH) {
    const bytes = random(32);
    if (bytes.length === 0) throw new RangeError("The random source returned no bytes.");
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % ALPHABET.length];
      if (id.length === ID_LENGTH) break;
    }
  }
  return `conn_${id}`;
}

/** Whether `value` has the shape of a connection id (it says nothing about whether the connection exists). */
export function isConnectionId(value: unknown): value is string {
  return typeof value === "string" && CONNECTION_ID_PATTERN.test(value);
}
