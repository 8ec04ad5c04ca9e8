import { createRequire } from "node:module";
import { dirname } from "node:path";
import {
  createRegistry,
  type ProviderManifest,
  type ProviderRegistry,
  type ProviderSource,
  type RegistryOptions,
  readProviderManifest,
} from "@plugboard/core/registry";
import { BUILTIN_PROVIDER_PACKAGES } from "./builtin-providers.js";

const require = createRequire(import.meta.url);

/**
 * A registry that knows the 13 built-in providers (each imported from its own package on first use; one
 * that is not installed reports "not installed" and how to add it) plus whatever `options.providers` and
 * `options.plugins` add. Takes the same options as `createRegistry`.
 */
export function createDefaultRegistry(options: RegistryOptions = {}): ProviderRegistry {
  const builtins: Record<string, ProviderSource> = {};
  for (const [type, packageName] of Object.entries(BUILTIN_PROVIDER_PACKAGES)) {
    // Imported from this package's location, where the umbrella's dependencies are installed.
    builtins[type] = {
      packageName,
      load: () => import(packageName),
      manifest: () => builtinManifest(type, packageName),
    };
  }
  return createRegistry({ ...options, providers: { ...builtins, ...options.providers } });
}

/** The build-time manifest of a built-in package, found from this package's location like its import. */
function builtinManifest(type: string, packageName: string): ProviderManifest | undefined {
  try {
    return readProviderManifest(dirname(require.resolve(`${packageName}/package.json`)), type);
  } catch {
    return undefined; // not installed: importing it reports that
  }
}
