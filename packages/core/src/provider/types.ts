import type * as z from "zod";
import type { EgressGuardFactory } from "../egress/index.js";
import type { EgressGuard } from "../egress/types.js";
import type { TestResult } from "../result/test-result.js";
import type { JsonSchemaObject, JsonSchemaOptions } from "../schema/json-schema-targets.js";
import type { LogSink, RedactingLogger } from "../secrets/index.js";
import type { TokenCache } from "../tokens/token-cache.js";
import type { ValidationResult } from "../validation/validate-config.js";

/** The version of the provider contract this core implements. A provider built for another one is refused. */
export const PROVIDER_API_VERSION = 1;

/** What a provider's `check()` receives besides its validated config. */
export interface CheckContext {
  /** Fires when the deadline passes or the caller aborts; pass it to every request. */
  signal: AbortSignal;
  /** Epoch milliseconds by which the test must end. */
  deadline: number;
  /** Milliseconds left before the deadline (never negative). */
  remainingMs(): number;
  /** The egress-guarded `fetch` (policy, origin overrides, re-checked redirects). Shortcut for `egress.fetch`. */
  fetch: typeof globalThis.fetch;
  /**
   * One egress-guarded HTTP request without fetch's web objects (a third of its cost), for a check that reads a
   * status, headers or a small body; redirects are returned, not followed. Shortcut for `egress.request`.
   */
  request: EgressGuard["request"];
  /** The egress guard for this test: `fetch`, a guarded `lookup` and `connect` for raw-socket clients. */
  egress: EgressGuard;
  /**
   * Runs one named, timed step (`authenticate`, `list objects`) and records it in `details.steps`. A step
   * that throws is recorded as failed and the error propagates.
   */
  step<T>(name: string, run: () => Promise<T> | T): Promise<T>;
  /** A logger that scrubs every secret of this config from messages and fields. */
  log: RedactingLogger;
  /** Optional capability probes the caller asked for (e.g. `write`), from the provider's declared `probes`. */
  probes: ReadonlySet<string>;
  /**
   * Access tokens kept across tests, keyed by a hash of the credentials, so a repeated health check of
   * the same connection skips the token request: `ctx.tokens.getOrFetch({ client_id, client_secret, scope }, fetch)`.
   */
  tokens: TokenCache;
}

/** What a successful `check()` may report. */
export interface CheckOutcome {
  /** One human sentence describing what was proven, e.g. "Listed bucket reports in eu-west-1." */
  message?: string;
  /** A small excerpt of what the provider answered (account id, server version); secrets are scrubbed. */
  providerResponse?: unknown;
}

/** Human-facing metadata of a provider, available without loading any SDK. */
export interface ProviderMetadata {
  /** The stored, public provider id (`s3`, `google_drive`); never changes. */
  type: string;
  displayName: string;
  description: string;
  docsUrl: string;
  /** The contract version the provider was written against. */
  apiVersion: number;
  /** Dot paths of every sensitive value in the config. */
  secretFields: readonly string[];
  /** Optional capability probes a caller may request, name → what it proves. */
  probes: Readonly<Record<string, string>>;
  /** The fewest sequential network round trips a test needs (used by the round-trip benchmark). */
  minimalRoundTrips?: number;
}

/** What a provider author writes; `defineProvider()` turns it into a {@link ConnectionProvider}. */
export interface ProviderDefinition<Schema extends z.ZodType> {
  type: string;
  displayName: string;
  description: string;
  docsUrl: string;
  /** Defaults to {@link PROVIDER_API_VERSION}. */
  apiVersion?: number;
  /** A zod 4 schema of `provider_config`; objects must be strict (`z.strictObject`). */
  configSchema: Schema;
  secretFields: readonly string[];
  probes?: Record<string, string>;
  minimalRoundTrips?: number;
  /**
   * Proves the config works against the real provider. May throw: a {@link ProviderCheckError} for a
   * categorised failure, anything else is categorised by the core. Heavy SDKs are imported here, lazily.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: lets authors write `async check() {}` with no return
  check(config: z.output<Schema>, ctx: CheckContext): Promise<CheckOutcome | undefined | void>;
}

/** Options of one `test()` call. */
export interface TestOptions {
  /** Deadline in milliseconds (default 15,000). The test ends by then, whatever the provider does. */
  timeoutMs?: number;
  /** Aborts the test early; the result is then a `timeout` that says it was cancelled. */
  signal?: AbortSignal;
  /** The egress guard to use; by default one with the default policy (public addresses only). */
  egress?: EgressGuardFactory;
  /** Optional capability probes to run (names from the provider's `probes`). */
  probes?: readonly string[];
  /** Receives the provider's log lines, already scrubbed of secrets. */
  logger?: LogSink;
  /** Where tokens are cached between tests (the registry passes its own; by default one per process). */
  tokenCache?: TokenCache;
}

/** A connection provider: metadata, config schema, and a `test()` that never throws. */
export interface ConnectionProvider<Schema extends z.ZodType = z.ZodType> extends ProviderMetadata {
  /**
   * The author's schema with the fields every config accepts added (an optional `description`, and
   * `provider_type` repeating the type: see `commonConfigFields`); both are optional, so the type is the author's.
   */
  readonly configSchema: Schema;
  /** Validates an untrusted `provider_config`; every issue names its field. */
  validate(input: unknown): ValidationResult<z.output<Schema>>;
  /**
   * Validates, then checks the config against the real provider within the deadline, and returns a
   * categorised, secret-free {@link TestResult}. Never throws and never outlives its deadline.
   */
  test(input: unknown, options?: TestOptions): Promise<TestResult>;
  /** A copy of the config with every secret replaced by `***REDACTED***`. */
  redact(config: unknown): unknown;
  /** The config schema as JSON Schema, secret fields marked write-only passwords. */
  jsonSchema(options?: JsonSchemaOptions): JsonSchemaObject;
}

/** Inferred config type of a provider. */
export type ProviderConfig<P> = P extends ConnectionProvider<infer Schema> ? z.output<Schema> : never;
