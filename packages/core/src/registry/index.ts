export { findPackageDir, type PluginManifest, readPluginManifest } from "./package-loader.js";
export { ProviderLoadError, type ProviderLoadErrorCode } from "./provider-load-error.js";
export {
  buildProviderManifest,
  PROVIDER_MANIFEST_VERSION,
  type ProviderManifest,
  providerMetadata,
  readProviderManifest,
} from "./provider-manifest.js";
export {
  createRegistry,
  type ProviderListing,
  type ProviderRegistry,
  type ProviderSource,
  type RegistryOptions,
} from "./registry.js";
export { SUPPORTED_API_VERSIONS } from "./resolve-provider-module.js";
