import { parseArgs } from "node:util";
import {
  isJsonSchemaTarget,
  JSON_SCHEMA_TARGETS,
  type ProviderRegistry,
  type RegistryOptions,
} from "@plugboard/core";
import { createDefaultRegistry } from "../default-registry.js";
import { runDemo } from "../demo/run-demo.js";
import { createProviderPackage } from "../scaffold/create-provider.js";
import { formatIssues, formatListing, formatTestResult } from "./format.js";
import { type CliIo, EXIT, processIo, readConfig, UsageError } from "./io.js";
import { runServe } from "./serve.js";

const USAGE = `Usage: plugboard <command> [options]

Commands:
  list                                   List the providers and whether each is installed
  schema <type> [--target <target>]      Print a provider's config JSON Schema (${JSON_SCHEMA_TARGETS.join(" | ")})
  validate <type> --config <file|->      Validate a provider_config
  test <type> --config <file|->          Test a connection against the real provider
        [--timeout <ms>] [--json]
  demo                                   Start a local API and test connections to it
  create-provider <type> [--dir <path>]  Write a new provider package (schema, provider, fake, conformance test)
  serve [--port <n>] [--host <h>] [--data-dir <path>] [--health-every <minutes>] [--dev]
                                         Run the connections API (needs PLUGBOARD_SECRET_KEYS unless --dev)
  serve --create-api-key <organization>  Add an API key for an organization and print it once

Common options:
  --allow <cidr|host>   Let the egress policy reach a private range or host (repeatable)
  --json                Machine-readable output
  -h, --help            Show this help

Exit codes: 0 ok, 1 the connection test failed, 2 bad usage or invalid config.`;

/** Creates the registry a command uses; injectable for tests. */
export type RegistryFactory = (options: RegistryOptions) => ProviderRegistry;

/** Runs the `plugboard` command with `argv` (without node and script) and returns the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo = processIo,
  makeRegistry: RegistryFactory = createDefaultRegistry,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, type, ...rest] = positionals;
  if (values.help || !command) {
    (command ? io.stdout : io.stderr)(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (command === "demo") return runDemo(io);
  if (command === "create-provider") return createProvider(io, type, values.dir, rest);
  if (command === "serve")
    return runServe(io, {
      port: values.port,
      host: values.host,
      dev: values.dev,
      dataDir: values["data-dir"],
      createApiKey: values["create-api-key"],
      healthEvery: values["health-every"],
      allow: values.allow,
    });

  const registryOptions: RegistryOptions = {};
  if (values.allow?.length) registryOptions.egress = { allow: values.allow };
  const registry = makeRegistry(registryOptions);
  try {
    if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);
    switch (command) {
      case "list":
        return await list(registry, io, values.json === true);
      case "schema":
        return await schema(registry, io, requireType(type), values.target);
      case "validate":
        return await validate(registry, io, requireType(type), values.config, values.json === true);
      case "test":
        return await test(registry, io, requireType(type), values);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    io.stderr(error instanceof Error ? error.message : String(error));
    return EXIT.usage;
  } finally {
    await registry.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: "string", short: "c" },
      dir: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      dev: { type: "boolean" },
      "data-dir": { type: "string" },
      "create-api-key": { type: "string" },
      "health-every": { type: "string" },
      target: { type: "string" },
      timeout: { type: "string" },
      json: { type: "boolean" },
      allow: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
}

function requireType(type: string | undefined): string {
  if (!type) throw new UsageError("Missing the provider type (see `plugboard list`).");
  return type;
}

async function list(registry: ProviderRegistry, io: CliIo, json: boolean): Promise<number> {
  const listing = await registry.list();
  io.stdout(json ? JSON.stringify(listing, null, 2) : formatListing(listing));
  return EXIT.ok;
}

async function schema(
  registry: ProviderRegistry,
  io: CliIo,
  type: string,
  target: string | undefined,
): Promise<number> {
  if (target !== undefined && !isJsonSchemaTarget(target)) {
    throw new UsageError(`Unknown --target "${target}"; use one of ${JSON_SCHEMA_TARGETS.join(", ")}.`);
  }
  io.stdout(JSON.stringify(await registry.jsonSchema(type, target ? { target } : {}), null, 2));
  return EXIT.ok;
}

async function validate(
  registry: ProviderRegistry,
  io: CliIo,
  type: string,
  source: string | undefined,
  json: boolean,
): Promise<number> {
  const result = await registry.validate(type, await readConfig(source, io));
  if (json) {
    const output = result.success
      ? { valid: true, config: await registry.redact(type, result.data) }
      : { valid: false, issues: result.issues };
    io.stdout(JSON.stringify(output, null, 2));
  } else if (result.success) {
    io.stdout(`Valid ${type} config:\n${JSON.stringify(await registry.redact(type, result.data), null, 2)}`);
  } else {
    io.stdout(`Invalid ${type} config:\n${formatIssues(result.issues)}`);
  }
  return result.success ? EXIT.ok : EXIT.usage;
}

async function test(
  registry: ProviderRegistry,
  io: CliIo,
  type: string,
  values: { config?: string; timeout?: string; json?: boolean },
): Promise<number> {
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw new UsageError(`--timeout must be a positive number of milliseconds, not "${values.timeout}".`);
  }
  const config = await readConfig(values.config, io);
  const result = await registry.test(type, config, timeoutMs === undefined ? {} : { timeoutMs });
  io.stdout(values.json ? JSON.stringify(result, null, 2) : formatTestResult(type, result));
  if (result.success) return EXIT.ok;
  return result.details.result === "invalid_config" ? EXIT.usage : EXIT.testFailed;
}

/** `plugboard create-provider <type> [--dir <path>]`: writes a provider package and says what to do next. */
function createProvider(
  io: CliIo,
  type: string | undefined,
  dir: string | undefined,
  rest: string[],
): number {
  if (!type || rest.length > 0) {
    io.stderr(`create-provider takes one provider type, such as acme_files.\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const created = createProviderPackage(type, dir);
    io.stdout(
      [
        `Wrote ${created.files.length} files to ${created.dir}:`,
        ...created.files.map((file) => `  ${file}`),
        "",
        "Next: npm install && npm test (the conformance suite against the fake), then change the schema,",
        "check() and the fake into the real API's. Guide: docs/guides/authoring-a-provider.md",
      ].join("\n"),
    );
    return EXIT.ok;
  } catch (error) {
    io.stderr(error instanceof Error ? error.message : String(error));
    return EXIT.usage;
  }
}
