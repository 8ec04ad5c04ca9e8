/**
 * plugboard — the umbrella package: `@plugboard/core` re-exported, the registry of built-in providers and
 * the `plugboard` command.
 *
 * @packageDocumentation
 */
export * from "@plugboard/core";
export { BUILTIN_PROVIDER_PACKAGES, type BuiltinProviderType } from "./builtin-providers.js";
export { createDefaultRegistry } from "./default-registry.js";
