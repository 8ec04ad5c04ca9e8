import type { ConnectionProvider } from "@plugboard/core";
import { BUILTIN_PROVIDER_PACKAGES, createDefaultRegistry } from "plugboard";

/**
 * Built-in providers whose packages the umbrella does not depend on yet (they are being written). Remove a
 * type from here when its package joins `plugboard`'s dependencies; from then on every forms test covers it.
 */
export const AWAITING_UMBRELLA: ReadonlySet<string> = new Set([]);

/**
 * Every built-in provider, discovered from `createDefaultRegistry()`, so a provider added there is covered by
 * the forms tests without editing them. A built-in that fails to load fails the caller, unless it is listed in
 * {@link AWAITING_UMBRELLA}.
 */
export async function loadBuiltinProviders(): Promise<ConnectionProvider[]> {
  const registry = createDefaultRegistry();
  try {
    const providers: ConnectionProvider[] = [];
    for (const type of Object.keys(BUILTIN_PROVIDER_PACKAGES)) {
      if (AWAITING_UMBRELLA.has(type)) {
        const loads = await registry.get(type).then(
          () => true,
          () => false,
        );
        // Otherwise a provider that joined the umbrella would stay silently untested here.
        if (loads)
          throw new Error(`"${type}" now loads: remove it from AWAITING_UMBRELLA in ${import.meta.url}.`);
        continue;
      }
      providers.push(await registry.get(type));
    }
    return providers;
  } finally {
    await registry.close();
  }
}
