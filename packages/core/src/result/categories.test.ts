import { describe, expect, it } from "vitest";
import { isRetryableCategory, isTestResultCategory, TEST_RESULT_CATEGORIES } from "./categories.js";

describe("result categories", () => {
  it("lists the ten categories of the result model", () => {
    expect(TEST_RESULT_CATEGORIES).toHaveLength(10);
    expect(isTestResultCategory("blocked_by_policy")).toBe(true);
    expect(isTestResultCategory("auth")).toBe(false);
  });
  it("marks only transient failures retryable", () => {
    expect(TEST_RESULT_CATEGORIES.filter(isRetryableCategory)).toEqual([
      "network_error",
      "timeout",
      "rate_limited",
      "provider_error",
    ]);
  });
});
