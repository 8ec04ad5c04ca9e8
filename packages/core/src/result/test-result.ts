import type { ValidationIssue } from "../validation/validate-config.js";
import type { TestResultCategory } from "./categories.js";

/** One timed step of a connection test, such as `authenticate` or `list objects`. */
export interface TestStep {
  name: string;
  ok: boolean;
  duration_ms: number;
  message?: string;
}

/** The structured part of a {@link TestResult}. */
export interface TestResultDetails {
  result: TestResultCategory;
  /** Whether the same config may succeed later (outage, timeout, rate limit). */
  retryable: boolean;
  duration_ms: number;
  steps: TestStep[];
  /** A small, sanitized excerpt of what the provider answered (error code, request id). */
  provider_response?: unknown;
  /** Host names (with port when not the default) the test connected to. */
  hosts?: string[];
  /** Seconds the provider asked us to wait, when it rate-limited the test. */
  retry_after_seconds?: number;
  /** For `invalid_config`: every validation issue, each naming its field. */
  issues?: ValidationIssue[];
}

/**
 * The result of `provider.test()`: the seed API's `{ success, message, details }` shape, kept exactly,
 * with a richer `details`. `message` is one human sentence and never contains a secret.
 */
export interface TestResult {
  success: boolean;
  message: string;
  details: TestResultDetails;
}
