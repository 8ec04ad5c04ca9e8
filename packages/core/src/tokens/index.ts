export {
  type CachedToken,
  createTokenCache,
  credentialsKey,
  type TokenCache,
  type TokenCacheOptions,
} from "./token-cache.js";
