import type { ConnectionProvider } from "./types.js";

// Apart from defineProvider (which needs zod) so that the registry can recognise providers without loading zod.

/** Marks objects made by `defineProvider`; a registered symbol, so duplicated copies of core agree. */
export const PROVIDER_BRAND: unique symbol = Symbol.for("plugboard.connection-provider") as never;

/** Whether `value` is a provider made by `defineProvider` (any copy of the core). */
export function isConnectionProvider(value: unknown): value is ConnectionProvider {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PROVIDER_BRAND] === true
  );
}
