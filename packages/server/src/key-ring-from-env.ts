import { createKeyRing, type KeyRing } from "@plugboard/core";

/**
 * The sealing key ring from `PLUGBOARD_SECRET_KEYS`: comma-separated `id:base64key` entries (32-byte keys),
 * the first one primary — rotate by putting a new key first and keeping the old ones until every connection
 * is resealed. The key ring validates ids and key lengths, naming the entry (never the key) on error.
 */
export function keyRingFromEnv(value: string): KeyRing {
  const keys = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const colon = entry.indexOf(":");
      if (colon <= 0) throw new Error(`PLUGBOARD_SECRET_KEYS entry ${index + 1} is not "id:base64key".`);
      return { id: entry.slice(0, colon), key: entry.slice(colon + 1) };
    });
  const primary = keys[0];
  if (!primary) throw new Error("PLUGBOARD_SECRET_KEYS holds no key.");
  return createKeyRing({ keys, primaryKeyId: primary.id });
}
