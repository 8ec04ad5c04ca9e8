import { appendFileSync } from "node:fs";
import {
  type ConnectionProvider,
  type EgressGuardFactory,
  type FailureCategory,
  isTestResultCategory,
  SUPPORTED_API_VERSIONS,
  type TestOptions,
  type TestResult,
} from "@plugboard/core";
import { afterAll, describe, expect, it } from "vitest";
import { createLoopbackGuard } from "../loopback-guard.js";
import { compileJsonSchema } from "./json-schema-check.js";
import { measureRoundTrips } from "./round-trips.js";
import { canarySecret, findLeaks } from "./secret-forms.js";

/** A config for one scenario, built against a fake that behaves the way the scenario needs. */
export interface ScenarioSetup {
  config: unknown;
  options?: Omit<TestOptions, "egress">;
  /**
   * Origin overrides for this scenario (`{ "https://graph.instagram.com": fake.url }`): how a provider
   * with a fixed API host is pointed at a local fake, exactly as an operator would with `createRegistry({ origins })`.
   */
  origins?: Record<string, string>;
  /** Stops the fake; called after the scenario. */
  cleanup?: () => Promise<void> | void;
}

/** Builds a {@link ScenarioSetup} (usually starting a fake server). */
export type Scenario = () => Promise<ScenarioSetup> | ScenarioSetup;

/** Options of {@link testProviderConformance}. */
export interface ConformanceOptions {
  /** The provider, or a loader (so the suite can be declared before the provider is imported). */
  provider: ConnectionProvider | (() => Promise<ConnectionProvider>);
  /** Configs that must validate (they may point anywhere; they are not tested against a server). */
  validConfigs: unknown[];
  /** Configs that must be refused, each with the dot path of a field the refusal must name. */
  invalidConfigs: Array<{ config: unknown; path: string }>;
  /** A config that succeeds against a local fake. */
  success: Scenario;
  /**
   * One scenario per failure category the provider claims (wrong secret → `auth_failed`, …), each against
   * a server that really behaves that way. `timeout` and `invalid_config` are covered by the suite itself.
   */
  failures: Partial<Record<FailureCategory, Scenario>>;
  /** A config pointing at a server that accepts connections and never answers. */
  stalled: Scenario;
  /** The egress guard for scenarios; by default one that allows loopback only. */
  egress?: EgressGuardFactory;
  /** Deadline used for the stall and abort cases (default 400 ms). */
  shortTimeoutMs?: number;
}

/** Hostile inputs `test()` and `validate()` must survive without throwing. */
const GARBAGE_INPUTS: unknown[] = [
  undefined,
  null,
  42,
  "provider_config",
  [],
  [{}],
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  { a: "x".repeat(200_000) },
  nest(200),
];

function nest(depth: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = { level: value };
  return value;
}

/** Secrets present in a config at the provider's secret paths. */
function secretsIn(provider: ConnectionProvider, config: unknown): string[] {
  return provider.secretFields.flatMap((path) => {
    let node: unknown = config;
    for (const key of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[key];
    return typeof node === "string" && node.length >= 4 ? [node] : [];
  });
}

/** The config with every present secret replaced by a fresh canary. */
function withCanaries(
  provider: ConnectionProvider,
  config: unknown,
): { config: unknown; canaries: string[] } {
  const canaries: string[] = [];
  const copy = structuredClone(config);
  for (const path of provider.secretFields) {
    const keys = path.split(".");
    let parent: Record<string, unknown> | undefined = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
    const last = keys.at(-1) as string;
    if (parent && typeof parent[last] === "string") {
      const canary = canarySecret(last);
      parent[last] = canary;
      canaries.push(canary);
    }
  }
  return { config: copy, canaries };
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringLeaves);
  return [];
}

/** The typed JSON Schema nodes at a dot path, through `properties` and every `oneOf`/`anyOf`/`allOf` branch. */
function schemaNodesAt(node: unknown, keys: readonly string[]): Array<Record<string, unknown>> {
  if (typeof node !== "object" || node === null) return [];
  const schema = node as Record<string, unknown>;
  const branches = (["oneOf", "anyOf", "allOf"] as const).flatMap((combinator) =>
    Array.isArray(schema[combinator])
      ? (schema[combinator] as unknown[]).flatMap((branch) => schemaNodesAt(branch, keys))
      : [],
  );
  if (keys.length === 0) return schema.type === undefined ? branches : [schema, ...branches];
  const [head, ...rest] = keys as [string, ...string[]];
  const properties = schema.properties as Record<string, unknown> | undefined;
  const child = properties && Object.hasOwn(properties, head) ? schemaNodesAt(properties[head], rest) : [];
  return [...child, ...branches];
}

/** Checks the shape every result must have, whatever happened. */
function expectWellFormed(result: TestResult): void {
  expect(typeof result.success).toBe("boolean");
  expect(typeof result.message).toBe("string");
  expect(result.message.length).toBeGreaterThan(0);
  expect(isTestResultCategory(result.details.result)).toBe(true);
  expect(result.success).toBe(result.details.result === "success");
  expect(typeof result.details.retryable).toBe("boolean");
  expect(result.details.duration_ms).toBeGreaterThanOrEqual(0);
  expect(Array.isArray(result.details.steps)).toBe(true);
}

/**
 * Registers the conformance suite for a provider: metadata, secret paths, JSON Schema validity and
 * agreement with zod, never throwing, deadline and abort, no secret in any output, and every claimed
 * failure category reachable against a fake that really fails that way. Call it inside a test file.
 */
export function testProviderConformance(options: ConformanceOptions): void {
  const shortTimeoutMs = options.shortTimeoutMs ?? 400;
  let ownGuard: EgressGuardFactory | undefined;
  const egress = (): EgressGuardFactory => {
    if (options.egress) return options.egress;
    ownGuard ??= createLoopbackGuard();
    return ownGuard;
  };
  const load = async (): Promise<ConnectionProvider> =>
    typeof options.provider === "function" ? options.provider() : options.provider;

  const logLines: string[] = [];
  const run = async (
    scenario: Scenario,
    extra: Omit<TestOptions, "egress"> = {},
    mutate?: (config: unknown, provider: ConnectionProvider) => unknown,
  ) => {
    const provider = await load();
    const setup = await scenario();
    const scenarioGuard = setup.origins ? createLoopbackGuard(setup.origins) : undefined;
    try {
      const config = mutate ? mutate(setup.config, provider) : setup.config;
      const result = await provider.test(config, {
        ...setup.options,
        ...extra,
        egress: scenarioGuard ?? egress(),
        logger: { log: (entry) => logLines.push(JSON.stringify(entry)) },
      });
      return { provider, config, result };
    } finally {
      await scenarioGuard?.close();
      await setup.cleanup?.();
    }
  };

  afterAll(async () => {
    await ownGuard?.close();
  });

  describe("conformance: metadata and schema", () => {
    it("has complete metadata and a supported contract version", async () => {
      const provider = await load();
      expect(provider.type).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const field of [provider.displayName, provider.description])
        expect(field.trim().length).toBeGreaterThan(0);
      expect(new URL(provider.docsUrl).protocol).toBe("https:");
      expect(SUPPORTED_API_VERSIONS).toContain(provider.apiVersion);
    });

    it("marks every secret field write-only in the JSON Schema", async () => {
      const provider = await load();
      const schema = provider.jsonSchema();
      for (const path of provider.secretFields) {
        const nodes = schemaNodesAt(schema, path.split("."));
        expect(nodes.length, `${path} is in the JSON Schema`).toBeGreaterThan(0);
        for (const node of nodes) expect(node, path).toMatchObject({ writeOnly: true, "x-secret": true });
      }
    });

    it.each(["draft-2020-12", "draft-07"] as const)(
      "exports a %s schema valid under ajv that agrees with zod",
      async (target) => {
        const provider = await load();
        const validate = compileJsonSchema(provider.jsonSchema({ target }), target);
        for (const config of options.validConfigs) {
          expect(provider.validate(config).success, `zod accepts ${JSON.stringify(config)}`).toBe(true);
          expect(
            validate(config),
            `ajv accepts ${JSON.stringify(config)}: ${JSON.stringify(validate.errors)}`,
          ).toBe(true);
        }
        for (const { config } of options.invalidConfigs) {
          expect(provider.validate(config).success).toBe(false);
          expect(validate(config), `ajv refuses ${JSON.stringify(config)}`).toBe(false);
        }
      },
    );

    it("exports an OpenAPI 3.0 schema object", async () => {
      const schema = (await load()).jsonSchema({ target: "openapi-3.0" });
      expect(schema.$schema).toBeUndefined();
      expect(JSON.stringify(schema)).not.toContain('"const"');
    });

    it("names the failing field of every invalid config", async () => {
      const provider = await load();
      for (const { config, path } of options.invalidConfigs) {
        const result = provider.validate(config);
        expect(result.success).toBe(false);
        if (!result.success) expect(result.issues.map((issue) => issue.path)).toContain(path);
      }
    });

    it("refuses unknown keys, naming them", async () => {
      const provider = await load();
      const [valid] = options.validConfigs;
      const result = provider.validate({ ...(valid as object), unexpected_field: true });
      expect(result.success).toBe(false);
      if (!result.success) expect(result.issues.map((issue) => issue.path)).toContain("unexpected_field");
    });

    it("redacts every secret field", async () => {
      const provider = await load();
      for (const config of options.validConfigs) {
        const secrets = secretsIn(provider, config);
        const redacted = JSON.stringify(provider.redact(config));
        for (const secret of secrets) expect(redacted).not.toContain(secret);
      }
    });
  });

  describe("conformance: test()", () => {
    it("never throws on hostile input and reports invalid_config", async () => {
      const provider = await load();
      for (const input of GARBAGE_INPUTS) {
        expect(() => provider.validate(input)).not.toThrow();
        const result = await provider.test(input, { egress: egress() });
        expectWellFormed(result);
        expect(result.details.result).toBe("invalid_config");
      }
    });

    it("succeeds against a working server", async () => {
      const { result } = await run(options.success);
      expectWellFormed(result);
      expect(result.details.result, result.message).toBe("success");
      expect(result.details.hosts?.length ?? 0).toBeGreaterThan(0);
    });

    for (const [category, scenario] of Object.entries(options.failures) as Array<
      [FailureCategory, Scenario]
    >) {
      it(`reports ${category} against a server that fails that way, without leaking a secret`, async () => {
        const { provider, config, result } = await run(scenario);
        expectWellFormed(result);
        expect(result.details.result, result.message).toBe(category);
        expect(result.success).toBe(false);
        const companions = stringLeaves(config).filter((value) => value.length < 256);
        expect(findLeaks(JSON.stringify(result), secretsIn(provider, config), companions)).toEqual([]);
      });

      it(`leaks no canary secret when ${category} happens`, async () => {
        let canaries: string[] = [];
        const { provider, result, config } = await run(scenario, {}, (config, provider) => {
          const planted = withCanaries(provider, config);
          canaries = planted.canaries;
          return planted.config;
        });
        expectWellFormed(result);
        if (secretsIn(provider, config).length > 0) expect(canaries.length).toBeGreaterThan(0);
        const companions = stringLeaves(config).filter((value) => value.length < 256);
        const output = JSON.stringify(result) + logLines.join("\n");
        expect(findLeaks(output, canaries, companions)).toEqual([]);
      });
    }

    it("ends with timeout by its deadline against a stalled server", async () => {
      const started = performance.now();
      const { result } = await run(options.stalled, { timeoutMs: shortTimeoutMs });
      const elapsed = performance.now() - started;
      expectWellFormed(result);
      expect(result.details.result).toBe("timeout");
      expect(result.details.retryable).toBe(true);
      // Generous slack: this checks the deadline is enforced, not how fast the machine is.
      expect(elapsed).toBeLessThan(shortTimeoutMs + 2_000);
    });

    it("honours an AbortSignal fired mid-flight", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), shortTimeoutMs / 2);
      const { result } = await run(options.stalled, { timeoutMs: 30_000, signal: controller.signal });
      expectWellFormed(result);
      expect(result.details.result).toBe("timeout");
      expect(result.message).toMatch(/cancel/i);
    });

    // Registered only by `pnpm bench` (bench/round-trips.mjs), which names the file results are appended to.
    const roundTripsFile = process.env.PLUGBOARD_BENCH_ROUND_TRIPS;
    if (roundTripsFile) {
      it("round trips: the success scenario behind 50 ms of latency (benchmark)", async () => {
        const provider = await load();
        const setup = await options.success();
        try {
          const measured = await measureRoundTrips(provider, setup);
          expect(measured.result).toBe("success");
          appendFileSync(roundTripsFile, `${JSON.stringify(measured)}\n`);
        } finally {
          await setup.cleanup?.();
        }
      }, 60_000);
    }
  });
}
