import type { CreateConnectionRequestSchema } from "../connection/index.js";
import { createEgressGuard, createEgressPolicy, type EgressGuardFactory } from "../egress/index.js";
import type { EgressOptions } from "../egress/types.js";
import { isConnectionProvider } from "../provider/provider-brand.js";
import type { ConnectionProvider, ProviderMetadata, TestOptions } from "../provider/types.js";
import type { TestResult } from "../result/test-result.js";
import {
  isJsonSchemaTarget,
  type JsonSchemaObject,
  type JsonSchemaOptions,
} from "../schema/json-schema-targets.js";
import { toUiSchema, type UiSchema } from "../schema/ui-schema.js";
import type { LogSink } from "../secrets/index.js";
import { createTokenCache } from "../tokens/token-cache.js";
import type { ValidationResult } from "../validation/validate-config.js";
import { findPackageDir, importPackage, readPluginManifest } from "./package-loader.js";
import { ProviderLoadError } from "./provider-load-error.js";
import { type ProviderManifest, providerMetadata, readProviderManifest } from "./provider-manifest.js";
import { resolveProviderModule } from "./resolve-provider-module.js";

/**
 * How the registry gets a provider: a package name, a lazy loader, or the provider itself. A package may
 * come with its build-time {@link ProviderManifest} (read for package names automatically), which answers
 * `list()` and `jsonSchema()` without importing the provider.
 */
export type ProviderSource =
  | string
  | (() => Promise<unknown>)
  | ConnectionProvider
  | { packageName: string; load: () => Promise<unknown>; manifest?: () => ProviderManifest | undefined };

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** Providers by type. Nothing is imported until a provider is asked for. */
  providers?: Record<string, ProviderSource>;
  /** Third-party plugin packages by name; each declares its type in package.json (`"plugboard": { "type" }`). */
  plugins?: readonly string[];
  /** Egress policy: what outbound connections may reach besides public addresses. */
  egress?: EgressOptions;
  /** Operator-level origin overrides (real origin → target), applied by the guarded fetch of every provider. */
  origins?: Record<string, string>;
  /** Default deadline of `test()`, in milliseconds. */
  timeoutMs?: number;
  /** Folder plugin package names are resolved from (default: the process's working directory). */
  resolveFrom?: string;
  /** Receives providers' log lines, scrubbed of secrets. */
  logger?: LogSink;
}

/** A provider as `list()` reports it: its metadata, or why it is unavailable. */
export type ProviderListing =
  | ({ status: "ready"; packageName?: string } & ProviderMetadata)
  | { status: "unavailable"; type: string; packageName?: string; error: { code: string; message: string } };

/** Loads providers on demand and offers everything a backend does with them. */
export interface ProviderRegistry {
  /** Every registered provider type, without loading any. */
  types(): string[];
  has(type: string): boolean;
  /** Loads a provider (once). Throws {@link ProviderLoadError} for an unknown or broken one. */
  get(type: string): Promise<ConnectionProvider>;
  /**
   * Metadata of every provider, from the packages' build-time manifests where they ship one (nothing imported),
   * else by importing the provider module (never its SDK). Providers that fail to load are listed as
   * unavailable; a package whose code cannot be imported although its manifest reads fine is reported by the
   * first call that needs its code.
   */
  list(): Promise<ProviderListing[]>;
  /** Validates a `provider_config`; issue paths start with `provider_config`. */
  validate(type: string, input: unknown): Promise<ValidationResult<unknown>>;
  /** Tests a config with the registry's egress policy, origins and default deadline. Never throws. */
  test(
    type: string,
    input: unknown,
    options?: Omit<TestOptions, "egress" | "tokenCache">,
  ): Promise<TestResult>;
  /** A provider's config schema as JSON Schema. */
  jsonSchema(type: string, options?: JsonSchemaOptions): Promise<JsonSchemaObject>;
  /** The react-jsonschema-form `uiSchema` for {@link ProviderRegistry.jsonSchema}'s default (2020-12) export. */
  uiSchema(type: string): Promise<UiSchema>;
  /** A copy of a config with its secrets replaced by `***REDACTED***`. */
  redact(type: string, config: unknown): Promise<unknown>;
  /** The create-connection request schema over every available provider (`provider_config` by `provider_type`). */
  connectionRequestSchema(): Promise<CreateConnectionRequestSchema>;
  /** {@link ProviderRegistry.connectionRequestSchema} as JSON Schema, secret fields marked in every branch. */
  connectionRequestJsonSchema(options?: JsonSchemaOptions): Promise<JsonSchemaObject>;
  /** Problems found so far (plugin manifests, failed loads), for diagnostics. */
  problems(): ProviderLoadError[];
  /** Closes pooled connections of the egress guard. */
  close(): Promise<void>;
}

interface Entry {
  type: string;
  packageName?: string;
  load: () => Promise<ConnectionProvider>;
  loaded?: Promise<ConnectionProvider>;
  /** Reads the package's manifest (once, lazily); `undefined` when it ships none usable. */
  manifest: () => ProviderManifest | undefined;
}

/**
 * Creates a provider registry. Registering costs nothing: each provider is imported on first use, and a
 * provider that is missing, throws on import, has the wrong shape or an incompatible contract version
 * fails alone with a {@link ProviderLoadError} naming the package and the fix.
 */
export function createRegistry(options: RegistryOptions = {}): ProviderRegistry {
  const resolveFrom = options.resolveFrom ?? process.cwd();
  const entries = new Map<string, Entry>();
  const problems: ProviderLoadError[] = [];
  const tokenCache = createTokenCache();
  // Built now so that a malformed allow rule or origin fails here, naming the entry; creating the guard is
  // cheap (its HTTP client is imported on the first request).
  const guard: EgressGuardFactory = createEgressGuard({
    policy: createEgressPolicy(options.egress),
    ...(options.origins ? { origins: options.origins } : {}),
  });

  const register = (type: string, source: ProviderSource): void => {
    const packageName =
      typeof source === "string" ? source : isPackageLoader(source) ? source.packageName : undefined;
    if (entries.has(type)) {
      problems.push(
        new ProviderLoadError(
          "duplicate_type",
          `Provider type "${type}" is registered twice${packageName ? ` (again by "${packageName}")` : ""}; the first registration is kept.`,
          type,
          packageName,
        ),
      );
      return;
    }
    const entry: Entry = {
      type,
      load: () => loadSource(type, source, resolveFrom),
      manifest: once(() => manifestOf(type, source, resolveFrom)),
    };
    if (packageName) entry.packageName = packageName;
    entries.set(type, entry);
  };

  for (const [type, source] of Object.entries(options.providers ?? {})) register(type, source);
  for (const packageName of options.plugins ?? []) {
    try {
      register(readPluginManifest(packageName, resolveFrom).type, packageName);
    } catch (error) {
      problems.push(asLoadError(error, undefined, packageName));
    }
  }

  const get = (type: string): Promise<ConnectionProvider> => {
    const entry = entries.get(type);
    if (!entry) {
      const known = [...entries.keys()].join(", ") || "none";
      return Promise.reject(
        new ProviderLoadError(
          "unknown_type",
          `Unknown provider type "${type}". Registered types: ${known}.`,
          type,
        ),
      );
    }
    entry.loaded ??= entry.load().catch((error: unknown) => {
      const loadError = asLoadError(error, type, entry.packageName);
      problems.push(loadError);
      throw loadError;
    });
    return entry.loaded;
  };

  /** The provider, or why it is unavailable: for the methods that answer instead of throwing. */
  const getOrLoadError = (type: string): Promise<ConnectionProvider | ProviderLoadError> =>
    get(type).catch((error: unknown) => asLoadError(error, type, undefined));

  const jsonSchema = async (type: string, jsonOptions: JsonSchemaOptions = {}): Promise<JsonSchemaObject> => {
    const target = jsonOptions.target ?? "draft-2020-12";
    const io = jsonOptions.io ?? "input";
    const manifest = entries.get(type)?.manifest();
    // A copy: callers may adapt the schema they get without changing the next caller's.
    if (manifest && isJsonSchemaTarget(target) && (io === "input" || io === "output"))
      return structuredClone(manifest.jsonSchemas[target][io]);
    return (await get(type)).jsonSchema(jsonOptions);
  };

  const available = async (): Promise<ConnectionProvider[]> => {
    const settled = await Promise.allSettled([...entries.keys()].map(get));
    return settled.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  };

  return {
    types: () => [...entries.keys()],
    has: (type) => entries.has(type),
    get,
    async list() {
      return Promise.all(
        [...entries.values()].map(async (entry): Promise<ProviderListing> => {
          const withPackage = entry.packageName ? { packageName: entry.packageName } : {};
          const manifest = entry.loaded ? undefined : entry.manifest();
          if (manifest) return { status: "ready", ...withPackage, ...manifest.metadata };
          try {
            return { status: "ready", ...withPackage, ...providerMetadata(await get(entry.type)) };
          } catch (error) {
            const loadError = asLoadError(error, entry.type, entry.packageName);
            return {
              status: "unavailable",
              type: entry.type,
              ...withPackage,
              error: { code: loadError.code, message: loadError.message },
            };
          }
        }),
      );
    },
    async validate(type, input) {
      const provider = await getOrLoadError(type);
      if (provider instanceof ProviderLoadError) {
        return {
          success: false,
          issues: [{ path: "provider_type", code: provider.code, message: provider.message }],
        };
      }
      const result = provider.validate(input);
      if (result.success) return result;
      return {
        success: false,
        issues: result.issues.map((issue) => ({
          ...issue,
          path: issue.path === "(root)" ? "provider_config" : `provider_config.${issue.path}`,
        })),
      };
    },
    async test(type, input, testOptions = {}) {
      const provider = await getOrLoadError(type);
      if (provider instanceof ProviderLoadError) {
        return {
          success: false,
          message: provider.message,
          details: { result: "invalid_config", retryable: false, duration_ms: 0, steps: [] },
        };
      }
      const merged: TestOptions = { ...testOptions, egress: guard, tokenCache };
      if (merged.timeoutMs === undefined && options.timeoutMs !== undefined)
        merged.timeoutMs = options.timeoutMs;
      if (merged.logger === undefined && options.logger !== undefined) merged.logger = options.logger;
      return provider.test(input, merged);
    },
    jsonSchema,
    async uiSchema(type) {
      return toUiSchema(await jsonSchema(type));
    },
    async redact(type, config) {
      return (await get(type)).redact(config);
    },
    async connectionRequestSchema() {
      const [providers, { createConnectionRequestSchema }] = await Promise.all([available(), wholeCore()]);
      return createConnectionRequestSchema(providers);
    },
    async connectionRequestJsonSchema(jsonOptions) {
      const [providers, { createConnectionRequestSchema, toConfigJsonSchema }] = await Promise.all([
        available(),
        wholeCore(),
      ]);
      const secretPaths = providers.flatMap((provider) =>
        provider.secretFields.map((path) => `provider_config.${path}`),
      );
      return toConfigJsonSchema(createConnectionRequestSchema(providers), secretPaths, jsonOptions);
    },
    problems: () => [...problems],
    async close() {
      await guard.close();
    },
  };
}

/** The manifest a source's package ships: given by the source, or read from the named package's folder. */
function manifestOf(type: string, source: ProviderSource, resolveFrom: string): ProviderManifest | undefined {
  if (typeof source === "string") {
    const dir = findPackageDir(source, resolveFrom);
    return dir ? readProviderManifest(dir, type) : undefined;
  }
  return isPackageLoader(source) ? source.manifest?.() : undefined;
}

/**
 * The zod-based builders of the request schema, from the whole core (this package by its own name), imported
 * when first asked for. Nothing else the registry does before a provider loads needs zod, so a process that
 * only lists providers and exports their build-time JSON Schemas never loads it: importing zod is most of such
 * a process's start-up (docs/benchmarks.md). The package's own name, not a relative path, keeps the build at
 * two files (this zod-free part and the rest) rather than one chunk per lazily imported module.
 */
async function wholeCore(): Promise<typeof import("../index.js")> {
  return import("@plugboard/core");
}

function once<T>(compute: () => T): () => T {
  let computed: { value: T } | undefined;
  return () => {
    computed ??= { value: compute() };
    return computed.value;
  };
}

function isPackageLoader(source: ProviderSource): source is {
  packageName: string;
  load: () => Promise<unknown>;
  manifest?: () => ProviderManifest | undefined;
} {
  return typeof source === "object" && !isConnectionProvider(source) && typeof source.load === "function";
}

async function loadSource(
  type: string,
  source: ProviderSource,
  resolveFrom: string,
): Promise<ConnectionProvider> {
  if (isConnectionProvider(source)) return resolveProviderModule(source, type, undefined);
  if (typeof source === "string") {
    return resolveProviderModule(await importPackage(source, resolveFrom, type), type, source);
  }
  const packageName = isPackageLoader(source) ? source.packageName : undefined;
  const load = isPackageLoader(source) ? source.load : source;
  let module: unknown;
  try {
    module = await load();
  } catch (cause) {
    if (packageName && isModuleNotFound(cause, packageName)) {
      throw new ProviderLoadError(
        "not_installed",
        `Provider "${type}" is not installed. Install it: pnpm add ${packageName}`,
        type,
        packageName,
        { cause },
      );
    }
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw new ProviderLoadError(
      "import_failed",
      `Provider "${type}"${packageName ? ` ("${packageName}")` : ""} failed to load (${reason}).`,
      type,
      packageName,
      { cause },
    );
  }
  return resolveProviderModule(module, type, packageName);
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "";
  // "Cannot find package 'x'" means x is absent; a missing file inside an installed package (an unbuilt
  // dist/) names a path instead, and is an import failure with its own message.
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && message.includes(`'${packageName}'`)
  );
}

function asLoadError(
  error: unknown,
  type: string | undefined,
  packageName: string | undefined,
): ProviderLoadError {
  if (error instanceof ProviderLoadError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ProviderLoadError("import_failed", reason, type, packageName, { cause: error });
}
