export { PROVABLE_SCOPES, type ProvableScope, SCOPE_LABELS } from "./scope-probes.js";
export { default } from "./tiktok-provider.js";
export { type TiktokConfig, tiktokConfigSchema } from "./tiktok-schema.js";
