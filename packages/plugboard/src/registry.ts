/**
 * plugboard/registry — the default registry and the registry API, without the rest of the core. Importing
 * it loads no zod and no provider: a process that lists providers and exports their JSON Schemas (a catalog,
 * a form builder's back end) never pays for them; zod and a provider's code load when a provider is first
 * used (`validate`, `test`, `get`). Everything here is also exported by `plugboard`.
 *
 * @packageDocumentation
 */
export * from "@plugboard/core/registry";
export { BUILTIN_PROVIDER_PACKAGES, type BuiltinProviderType } from "./builtin-providers.js";
export { createDefaultRegistry } from "./default-registry.js";
