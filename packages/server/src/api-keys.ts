import { createHash, randomBytes } from "node:crypto";

/** A new API key: `sk_` and 32 random bytes in base64url. Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return `sk_${randomBytes(32).toString("base64url")}`;
}

/** The SHA-256 hash an API key is stored and looked up by (keys are random, so no salt is needed). */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
