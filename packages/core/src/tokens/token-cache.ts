import { nodeCrypto } from "../lazy-builtins.js";

/** An access token and when it stops being usable. */
export interface CachedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Options of {@link createTokenCache}. */
export interface TokenCacheOptions {
  /** Most tokens kept; the least recently used is dropped first (default 1,000). */
  maxEntries?: number;
  /** A token this close to expiry is treated as expired, so it is never used as it lapses (default 60 s). */
  expiryMarginMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Tokens obtained during connection tests, kept in memory for their lifetime so repeated health checks of
 * one connection cost one request, not two. Keys are SHA-256 hashes of the credentials: the cache never
 * holds a credential, only the tokens they bought.
 */
export interface TokenCache {
  /**
   * The cached token for `credentials` (any JSON value: client id, secret, scopes, token URL…), or the one
   * `fetchToken` obtains, cached until `expiresAt` minus the margin. Concurrent calls for the same
   * credentials share one fetch. A fetch that throws caches nothing.
   */
  getOrFetch(
    credentials: unknown,
    fetchToken: () => Promise<CachedToken>,
  ): Promise<{ token: string; cached: boolean }>;
  /** Forgets the token for these credentials (e.g. after the provider rejected it). */
  invalidate(credentials: unknown): void;
  /** Number of tokens held. */
  size(): number;
}

/** Hashes credentials into a cache key (stable JSON, so key order does not matter). */
export function credentialsKey(credentials: unknown): string {
  return nodeCrypto().createHash("sha256").update(stableJson(credentials)).digest("base64url");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Creates a bounded, in-memory {@link TokenCache}. */
export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const maxEntries = options.maxEntries ?? 1_000;
  const margin = options.expiryMarginMs ?? 60_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recently used.
  const tokens = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();

  const remember = (key: string, token: CachedToken): void => {
    tokens.delete(key);
    tokens.set(key, token);
    while (tokens.size > maxEntries) tokens.delete(tokens.keys().next().value as string);
  };

  return {
    async getOrFetch(credentials, fetchToken) {
      const key = credentialsKey(credentials);
      const hit = tokens.get(key);
      if (hit && hit.expiresAt - margin > now()) {
        remember(key, hit);
        return { token: hit.token, cached: true };
      }
      tokens.delete(key);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = fetchToken().finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const fresh = await pending;
      if (fresh.expiresAt - margin > now()) remember(key, fresh);
      return { token: fresh.token, cached: false };
    },
    invalidate: (credentials) => {
      tokens.delete(credentialsKey(credentials));
    },
    size: () => tokens.size,
  };
}
