/**
 * @plugboard/core — the connection-provider contract and everything around it: the registry, test
 * results, validation, JSON Schema export, secrets, the egress guard and the connection lifecycle.
 *
 * @packageDocumentation
 */
export * from "./connection/index.js";
export * from "./egress/index.js";
export * from "./http/index.js";
export {
  type CategorizedFailure,
  categorizeError,
  DeadlineExceededError,
  TestCancelledError,
} from "./provider/categorize-error.js";
export { DEFAULT_TEST_TIMEOUT_MS, MAX_TEST_TIMEOUT_MS } from "./provider/deadline.js";
export { defineProvider } from "./provider/define-provider.js";
export { isConnectionProvider, PROVIDER_BRAND } from "./provider/provider-brand.js";
export * from "./provider/types.js";
export * from "./registry/index.js";
export * from "./result/categories.js";
export * from "./result/provider-check-error.js";
export type * from "./result/test-result.js";
export {
  CONFIG_DESCRIPTION_MAX_LENGTH,
  commonConfigFields,
  withCommonConfigFields,
} from "./schema/common-config-fields.js";
export { ENUM_LABELS_KEYWORD, hostSchema, httpUrlSchema, labelledEnum } from "./schema/fields.js";
export {
  INFERABLE_DISCRIMINATOR_KEYWORD,
  type InferableUnionParts,
  inferableUnion,
  inferableUnionParts,
} from "./schema/inferable-union.js";
export * from "./schema/json-schema.js";
export * from "./schema/json-schema-targets.js";
export * from "./schema/ui-schema.js";
export * from "./secrets/index.js";
export * from "./tokens/index.js";
export { repairPem } from "./util/repair-pem.js";
export * from "./validation/index.js";
