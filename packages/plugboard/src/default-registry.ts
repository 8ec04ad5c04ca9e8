import {
  createRegistry,
  type ProviderRegistry,
  type ProviderSource,
  type RegistryOptions,
} from "@plugboard/core";
import { BUILTIN_PROVIDER_PACKAGES } from "./builtin-providers.js";

/**
 * A registry that knows the 13 built-in providers (each imported from its own package on first use; one
 * that is not installed reports "not installed" and how to add it) plus whatever `options.providers` and
 * `options.plugins` add. Takes the same options as `createRegistry`.
 */
export function createDefaultRegistry(options: RegistryOptions = {}): ProviderRegistry {
  const builtins: Record<string, ProviderSource> = {};
  for (const [type, packageName] of Object.entries(BUILTIN_PROVIDER_PACKAGES)) {
    // Imported from this package's location, where the umbrella's dependencies are installed.
    builtins[type] = { packageName, load: () => import(packageName) };
  }
  return createRegistry({ ...options, providers: { ...builtins, ...options.providers } });
}
