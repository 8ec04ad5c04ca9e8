/**
 * @plugboard/provider-tigris — the `tigris` provider: Tigris object storage through its S3-compatible API.
 *
 * @packageDocumentation
 */
export { default, TIGRIS_ENDPOINT } from "./tigris-provider.js";
export { type TigrisConfig, tigrisConfigSchema } from "./tigris-schema.js";
