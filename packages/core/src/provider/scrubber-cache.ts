import { createSecretScrubber, type SecretScrubber } from "../secrets/index.js";

/** Scrubbers kept: one per distinct credential set, least recently used dropped first. */
const MAX_SCRUBBERS = 256;
const scrubbers = new Map<string, SecretScrubber>();

/**
 * The scrubber for these secrets and companions, built once. Building one compiles every spelling of every
 * secret into a regular expression, which for a PEM private key takes tens of milliseconds: a connection
 * health-checked every minute must not pay that each time. The key is the secrets' JSON itself: the scrubber
 * it maps to holds the same secrets, so hashing them (7 µs a test, measured in bulk health checks) would
 * hide nothing.
 */
export function cachedScrubber(secrets: readonly string[], companions: readonly string[]): SecretScrubber {
  const key = JSON.stringify([secrets, companions]);
  let scrubber = scrubbers.get(key);
  if (scrubber) {
    scrubbers.delete(key);
  } else {
    scrubber = createSecretScrubber(secrets, { companions });
  }
  scrubbers.set(key, scrubber);
  if (scrubbers.size > MAX_SCRUBBERS) scrubbers.delete(scrubbers.keys().next().value as string);
  return scrubber;
}
