export {
  DEFAULT_INPUT_LIMITS,
  findInputLimitIssue,
  type InputLimitIssue,
  type InputLimits,
} from "./input-limits.js";
export {
  formatIssuePath,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationResult,
  validateWithSchema,
} from "./validate-config.js";
