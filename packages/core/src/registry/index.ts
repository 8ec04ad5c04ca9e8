/**
 * @plugboard/core/registry — the registry alone: loading providers on demand, listing them and their JSON
 * Schemas from build-time manifests, validating and testing through them. It imports no zod (a provider brings
 * zod when it loads), so a process that only lists providers and exports their JSON Schemas starts several
 * times faster than one importing the whole core (docs/benchmarks.md). Everything here is also exported by
 * `@plugboard/core`, as the same objects.
 *
 * @packageDocumentation
 */
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
