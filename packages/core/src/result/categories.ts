/**
 * Every way a connection test can end. The list is part of the public, stored result
 * model: values are never renamed, only added.
 */
export const TEST_RESULT_CATEGORIES = [
  "success",
  "invalid_config",
  "auth_failed",
  "permission_denied",
  "not_found",
  "network_error",
  "timeout",
  "rate_limited",
  "provider_error",
  "blocked_by_policy",
] as const;

/** One of {@link TEST_RESULT_CATEGORIES}. */
export type TestResultCategory = (typeof TEST_RESULT_CATEGORIES)[number];

/** A failure category: every category except `success`. */
export type FailureCategory = Exclude<TestResultCategory, "success">;

/**
 * Failures that may clear up by themselves (an outage, a slow network, a rate limit).
 * Retrying a wrong password or a missing bucket only burns the caller's quota, so those are not retryable.
 */
const RETRYABLE_CATEGORIES: ReadonlySet<TestResultCategory> = new Set([
  "network_error",
  "timeout",
  "rate_limited",
  "provider_error",
]);

/** Whether a result of this category is worth retrying later without changing the config. */
export function isRetryableCategory(category: TestResultCategory): boolean {
  return RETRYABLE_CATEGORIES.has(category);
}

/** Whether `value` is one of the known result categories. */
export function isTestResultCategory(value: unknown): value is TestResultCategory {
  return typeof value === "string" && (TEST_RESULT_CATEGORIES as readonly string[]).includes(value);
}
