import { isConnectionProvider } from "../provider/provider-brand.js";
import { type ConnectionProvider, PROVIDER_API_VERSION } from "../provider/types.js";
import { ProviderLoadError } from "./provider-load-error.js";

/** Contract versions this core can run. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [PROVIDER_API_VERSION];

/**
 * Picks the provider out of an imported module (its default export, or the module itself) and checks
 * it: made by `defineProvider`, of the expected type, and written against a supported contract version.
 */
export function resolveProviderModule(
  module: unknown,
  expectedType: string,
  packageName: string | undefined,
): ConnectionProvider {
  const from = packageName ? `"${packageName}"` : `the loader of "${expectedType}"`;
  const candidate = isConnectionProvider(module) ? module : (module as { default?: unknown } | null)?.default;
  if (!isConnectionProvider(candidate)) {
    throw new ProviderLoadError(
      "invalid_shape",
      `${from} does not export a provider: its default export must be the result of defineProvider() from @plugboard/core (found ${describe(candidate)}).`,
      expectedType,
      packageName,
    );
  }
  if (!SUPPORTED_API_VERSIONS.includes(candidate.apiVersion)) {
    const direction =
      candidate.apiVersion > PROVIDER_API_VERSION ? "Upgrade @plugboard/core" : `Upgrade ${from}`;
    throw new ProviderLoadError(
      "incompatible_api_version",
      `${from} was written for provider contract v${candidate.apiVersion}, but this @plugboard/core supports v${SUPPORTED_API_VERSIONS.join(", v")}. ${direction}.`,
      expectedType,
      packageName,
    );
  }
  if (candidate.type !== expectedType) {
    throw new ProviderLoadError(
      "type_mismatch",
      `${from} defines provider "${candidate.type}" but was registered as "${expectedType}".`,
      expectedType,
      packageName,
    );
  }
  return candidate;
}

function describe(value: unknown): string {
  if (value === undefined) return "no default export";
  if (value === null) return "null";
  if (typeof value !== "object") return `a ${typeof value}`;
  const keys = Object.keys(value).slice(0, 5);
  return keys.length ? `an object with ${keys.join(", ")}` : "an empty object";
}
