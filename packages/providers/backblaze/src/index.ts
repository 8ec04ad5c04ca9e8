/**
 * @plugboard/provider-backblaze — the `backblaze` provider: Backblaze B2 through the native B2 API or its
 * S3-compatible endpoint.
 *
 * @packageDocumentation
 */
export { B2_API_ORIGIN, B2_API_VERSION, type B2CallContext, type B2ErrorBody, b2Failure } from "./b2-api.js";
export { type B2Allowed, checkB2Native, checkKeyScope } from "./b2-native-check.js";
export { backblazeS3Endpoint, default } from "./backblaze-provider.js";
export {
  type BackblazeConfig,
  type BackblazeNativeConfig,
  type BackblazeS3Config,
  backblazeConfigSchema,
} from "./backblaze-schema.js";
