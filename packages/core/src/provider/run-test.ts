import type * as z from "zod";
import { createEgressGuard, createEgressPolicy, type EgressGuardFactory } from "../egress/index.js";
import { isRetryableCategory, type TestResultCategory } from "../result/categories.js";
import type { TestResult, TestResultDetails, TestStep } from "../result/test-result.js";
import { collectSecretValues, createRedactingLogger, type SecretScrubber } from "../secrets/index.js";
import { createTokenCache, type TokenCache } from "../tokens/token-cache.js";
import type { ValidationIssue, ValidationResult } from "../validation/validate-config.js";
import { type CategorizedFailure, categorizeError } from "./categorize-error.js";
import { normalizeTimeout, startDeadline } from "./deadline.js";
import { cachedScrubber } from "./scrubber-cache.js";
import { StepRecorder } from "./step-recorder.js";
import type { CheckContext, CheckOutcome, ProviderDefinition, TestOptions } from "./types.js";

/** Largest `provider_response` excerpt kept in a result, in characters of JSON. */
const MAX_PROVIDER_RESPONSE_CHARS = 2_048;
/** Non-secret strings longer than this are not used as `user:password` companions. */
const MAX_COMPANION_LENGTH = 256;

let defaultGuard: EgressGuardFactory | undefined;
let defaultTokenCache: TokenCache | undefined;

/** The token cache used when a test is run without a registry: one per process. */
function processTokenCache(): TokenCache {
  defaultTokenCache ??= createTokenCache();
  return defaultTokenCache;
}

/** The guard used when a test is run without a registry: the default policy, public addresses only. */
function defaultEgressGuard(): EgressGuardFactory {
  defaultGuard ??= createEgressGuard({ policy: createEgressPolicy() });
  return defaultGuard;
}

/**
 * The body of every provider's `test()`: validate, run `check()` under the deadline and the caller's
 * signal, categorise any failure and scrub every secret out of the result. Never throws.
 */
export async function runProviderTest<Schema extends z.ZodType>(
  definition: ProviderDefinition<Schema>,
  validate: (input: unknown) => ValidationResult<z.output<Schema>>,
  input: unknown,
  options: TestOptions = {},
): Promise<TestResult> {
  const startedAt = performance.now();
  let scrubber: SecretScrubber | undefined;
  try {
    scrubber = scrubberFor(input, definition.secretFields);
    const validation = validate(input);
    if (!validation.success) return invalidConfigResult(validation.issues, startedAt);

    const unknownProbe = (options.probes ?? []).find(
      (probe) => !Object.hasOwn(definition.probes ?? {}, probe),
    );
    if (unknownProbe !== undefined) {
      const available = Object.keys(definition.probes ?? {});
      const message = `Unknown probe "${unknownProbe}"; ${definition.displayName} offers ${available.length ? available.join(", ") : "none"}.`;
      return finish(scrubber, { category: "invalid_config", message }, [], startedAt, []);
    }
    return await runCheck(definition, validation.data, options, scrubber, startedAt);
  } catch (error) {
    // Only a bug in the core itself lands here; still answer, never throw.
    const failure = categorizeError(error, definition.displayName);
    return finish(scrubber, failure, [], startedAt, []);
  }
}

async function runCheck<Schema extends z.ZodType>(
  definition: ProviderDefinition<Schema>,
  config: z.output<Schema>,
  options: TestOptions,
  scrubber: SecretScrubber,
  startedAt: number,
): Promise<TestResult> {
  const deadline = startDeadline(normalizeTimeout(options.timeoutMs), options.signal);
  const egress = (options.egress ?? defaultEgressGuard()).scope();
  const steps = new StepRecorder();
  const context: CheckContext = {
    signal: deadline.signal,
    deadline: deadline.at,
    remainingMs: deadline.remainingMs,
    fetch: egress.fetch,
    request: egress.request,
    egress,
    step: (name, run) => steps.run(name, run),
    log: createRedactingLogger(options.logger, scrubber),
    probes: new Set(options.probes ?? []),
    tokens: options.tokenCache ?? processTokenCache(),
  };
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(() => definition.check(config, context)),
      deadline.aborted,
    ]);
    const recorded = steps.close("Did not finish.");
    return finish(scrubber, successOf(outcome, definition.displayName), recorded, startedAt, egress.hosts());
  } catch (error) {
    const failure = categorizeError(error, definition.displayName);
    failure.step ??= steps.failedStepOf(error);
    const recorded = steps.close(
      failure.category === "timeout" ? "Did not finish before the deadline." : "Did not finish.",
    );
    return finish(scrubber, failure, recorded, startedAt, egress.hosts());
  } finally {
    deadline.dispose();
  }
}

type Outcome = { category: "success"; message: string; providerResponse?: unknown } | CategorizedFailure;

// biome-ignore lint/suspicious/noConfusingVoidType: mirrors check()'s return type
function successOf(outcome: CheckOutcome | undefined | void, displayName: string): Outcome {
  const success: Outcome = {
    category: "success",
    message: outcome?.message ?? `Connected to ${displayName}.`,
  };
  if (outcome?.providerResponse !== undefined) success.providerResponse = outcome.providerResponse;
  return success;
}

function invalidConfigResult(issues: ValidationIssue[], startedAt: number): TestResult {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  const message = first
    ? `Invalid configuration: ${first.path}: ${first.message}${more}`
    : "Invalid configuration.";
  const result = finish(undefined, { category: "invalid_config", message }, [], startedAt, []);
  result.details.issues = issues;
  return result;
}

/** Builds the final result, scrubbing every string that could carry a secret. `steps` are the caller's to change. */
function finish(
  scrubber: SecretScrubber | undefined,
  outcome: Outcome,
  steps: TestStep[],
  startedAt: number,
  hosts: string[],
): TestResult {
  const scrubText = (text: string): string => (scrubber ? scrubber.scrubText(text) : text);
  const category: TestResultCategory = outcome.category;
  const failedStep = "step" in outcome ? outcome.step : undefined;
  const message = scrubText(outcome.message);
  const details: TestResultDetails = {
    result: category,
    retryable: isRetryableCategory(category),
    duration_ms: Math.round(performance.now() - startedAt),
    steps: steps.map((step) => {
      if (!step.ok && step.message === undefined && step.name === failedStep) step.message = message;
      if (step.message !== undefined) step.message = scrubText(step.message);
      return step;
    }),
  };
  if (outcome.providerResponse !== undefined) {
    details.provider_response = boundedExcerpt(
      scrubber ? scrubber.scrubValue(outcome.providerResponse) : outcome.providerResponse,
    );
  }
  if (hosts.length > 0) details.hosts = hosts;
  if ("retryAfterSeconds" in outcome && outcome.retryAfterSeconds !== undefined) {
    details.retry_after_seconds = outcome.retryAfterSeconds;
  }
  return { success: category === "success", message, details };
}

/** Keeps provider excerpts small: a large one is cut to a string prefix. */
function boundedExcerpt(value: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return "[unserializable response]";
  }
  if (json === undefined || json.length <= MAX_PROVIDER_RESPONSE_CHARS) return value;
  return `${json.slice(0, MAX_PROVIDER_RESPONSE_CHARS)}…`;
}

/**
 * Builds the scrubber from the raw input (even an invalid one may carry secrets), with the config's other
 * short strings as companions so `base64(user:secret)` forms are caught too.
 */
function scrubberFor(input: unknown, secretFields: readonly string[]): SecretScrubber {
  const secrets = collectSecretValues(input, secretFields);
  const secretSet = new Set(secrets);
  const companions = stringLeaves(input).filter(
    (value) => value.length <= MAX_COMPANION_LENGTH && !secretSet.has(value),
  );
  return cachedScrubber(secrets, companions);
}

function stringLeaves(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 16 || out.length > 256) return out;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, depth + 1, out);
  else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) stringLeaves(item, depth + 1, out);
  }
  return out;
}
