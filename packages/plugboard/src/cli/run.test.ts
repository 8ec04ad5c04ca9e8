import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_PROVIDER_PACKAGES } from "../builtin-providers.js";
import { createDefaultRegistry } from "../default-registry.js";
import { DEMO_API_KEY, demoConnection, startDemoServer } from "../demo/demo-server.js";
import type { CliIo } from "./io.js";
import { runCli } from "./run.js";

const WRONG_KEY = "wrong-key-5e4d3c2b1a";
let server: Awaited<ReturnType<typeof startDemoServer>>;
let dir: string;

beforeAll(async () => {
  server = await startDemoServer();
  dir = await mkdtemp(join(tmpdir(), "plugboard-cli-"));
});
afterAll(() => server.close());

/** Runs the CLI in-process with the demo provider registered next to the built-ins. */
async function cli(args: string[], stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => stdin,
  };
  const code = await runCli(args, io, (options) => createDefaultRegistry(options));
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function configFile(config: unknown): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(config));
  return path;
}

describe("plugboard CLI", () => {
  it("lists the 13 built-in providers, saying which are not installed", async () => {
    const { code, stdout } = await cli(["list"]);
    expect(code).toBe(0);
    for (const type of ["google_drive", "s3", "snowflake", "postgresql", "backblaze"])
      expect(stdout).toMatch(new RegExp(`^${type}\\s`, "m"));
    expect(stdout).toMatch(/^http_api\s+HTTP API\s+ready$/m);
    const json = JSON.parse((await cli(["list", "--json"])).stdout) as Array<{
      type: string;
      status: string;
      error?: { code: string };
    }>;
    expect(json.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(Object.keys(BUILTIN_PROVIDER_PACKAGES)),
    );
    expect(json.find((entry) => entry.type === "postgresql")).toMatchObject({ status: "ready" });
  });

  it("prints a provider's JSON Schema for each target and refuses an unknown one", async () => {
    const draft = await cli(["schema", "http_api", "--target", "draft-07"]);
    expect(draft.code).toBe(0);
    expect(JSON.parse(draft.stdout)).toMatchObject({
      $schema: "http://json-schema.org/draft-07/schema#",
      properties: { base_url: { type: "string" } },
    });
    const bad = await cli(["schema", "http_api", "--target", "draft-03"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown --target/);
  });

  it("validates a config from a file, printing it redacted, and names the failing fields", async () => {
    const valid = await cli([
      "validate",
      "http_api",
      "--config",
      await configFile(demoConnection(server.url, DEMO_API_KEY)),
    ]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain("***REDACTED***");
    expect(valid.stdout).not.toContain(DEMO_API_KEY);
    const invalid = await cli([
      "validate",
      "http_api",
      "--config",
      await configFile(demoConnection("nope", DEMO_API_KEY)),
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toMatch(/provider_config\.base_url: /);
    expect(invalid.stdout).not.toContain(DEMO_API_KEY);
  });

  it("tests a connection: exit 0 on success, 1 on a failed test, 2 on an invalid config, secrets never printed", async () => {
    const ok = await cli(
      ["test", "http_api", "--config", "-", "--allow", "127.0.0.1"],
      JSON.stringify(demoConnection(server.url, DEMO_API_KEY)),
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✔ http_api: success/);

    const wrong = await cli(
      ["test", "http_api", "--config", "-", "--json", "--allow", "127.0.0.0/8"],
      JSON.stringify(demoConnection(server.url, WRONG_KEY)),
    );
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ success: false, details: { result: "auth_failed" } });
    expect(wrong.stdout).not.toContain(WRONG_KEY);

    const invalid = await cli(
      ["test", "http_api", "--config", "-"],
      JSON.stringify({ auth: { type: "none" } }),
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toMatch(/invalid_config/);
  });

  it("refuses loopback by default and reaches it with --allow", async () => {
    const config = await configFile(demoConnection(server.url, DEMO_API_KEY));
    const blocked = await cli(["test", "http_api", "--config", config, "--json"]);
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.stdout).details.result).toBe("blocked_by_policy");
    expect((await cli(["test", "http_api", "--config", config, "--allow", "127.0.0.1"])).code).toBe(0);
  });

  it("reports bad usage with exit 2 and the usage text, and never echoes an invalid JSON config", async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(["--help"])).code).toBe(0);
    expect((await cli(["frobnicate"])).stderr).toMatch(/Unknown command "frobnicate"/);
    expect((await cli(["test", "http_api"])).stderr).toMatch(/Missing --config/);
    expect((await cli(["test", "http_api", "--timeout", "soon", "--config", "-"], "{}")).code).toBe(2);
    const broken = await cli(
      ["test", "http_api", "--config", "-"],
      `{"auth": {"type": "bearer", "token": "${WRONG_KEY}"},`,
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr + broken.stdout).not.toContain(WRONG_KEY);
    expect((await cli(["schema", "nope"])).stderr).toMatch(/Unknown provider type "nope"/);
  });

  it("runs the demo end to end", async () => {
    const demo = await cli(["demo"]);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/http_api \(right key\): success/);
    expect(demo.stdout).toMatch(/http_api \(wrong key\): auth_failed/);
    expect(demo.stdout).toContain("***REDACTED***");
  });

  it("works as the built `plugboard` binary", async () => {
    const bin = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "list"]);
    expect(stdout).toMatch(/^TYPE\s+NAME\s+STATUS$/m);
    expect(stdout).toMatch(/^postgresql\s+PostgreSQL\s+ready$/m);
  });
});
