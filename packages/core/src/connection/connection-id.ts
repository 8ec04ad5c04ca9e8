import { randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 15;
const CONNECTION_ID = /^conn_[A-Za-z0-9]{15}$/;

/**
 * A new connection id: `conn_` + 15 random alphanumerics (~89 bits). Rejection sampling keeps every
 * character equally likely (a plain modulo would favour the first 8 letters).
 */
export function generateConnectionId(random: (size: number) => Uint8Array = randomBytes): string {
  let id = "";
  const limit = 256 - (256 % ALPHABET.length); // 248: bytes at or above are discarded
  while (id.length < ID_LENGTH) {
    for (const byte of random(32)) {
      if (byte < limit) id += ALPHABET[byte % ALPHABET.length];
      if (id.length === ID_LENGTH) break;
    }
  }
  return `conn_${id}`;
}

/** Whether `value` has the shape of a connection id. */
export function isConnectionId(value: unknown): value is string {
  return typeof value === "string" && CONNECTION_ID.test(value);
}
