import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createEgressGuard,
  createEgressPolicy,
  createTokenCache,
  defineProvider,
  type LogEntry,
  ProviderCheckError,
} from "@plugboard/core";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { type CanaryStyle, findCanaries, plantCanaries } from "./canaries.js";
import {
  type FailingServer,
  HTTP_FAILURES,
  startFailingHttpServer,
  startFailingTcpServer,
  TCP_FAILURES,
} from "./failing-servers.js";
import { PROVIDER_TARGETS, type ProviderTarget } from "./provider-targets.js";
import { runCli } from "./run-cli.js";

/**
 * Part 1 of the security suite, on every surface a secret could reach: for every builtin provider, canary
 * secrets at every secret path, servers that fail in every way (one echoing the whole request back inside
 * its error), and a search of the result, every log line, anything thrown, and the built CLI's stdout and
 * stderr (with and without --json) for each canary raw, encoded, as `user:password` and inside a URI.
 */
const STYLES: CanaryStyle[] = ["plain", "special"];
const allowLoopback = () => createEgressPolicy({ allow: ["127.0.0.0/8"] });

function failuresOf(target: ProviderTarget): readonly string[] {
  return target.protocol === "tcp" ? TCP_FAILURES : HTTP_FAILURES;
}

function startFailing(target: ProviderTarget, mode: string): Promise<FailingServer> {
  return target.protocol === "tcp"
    ? startFailingTcpServer(mode as (typeof TCP_FAILURES)[number])
    : startFailingHttpServer(mode as (typeof HTTP_FAILURES)[number]);
}

const rows = PROVIDER_TARGETS.flatMap((target) =>
  failuresOf(target).flatMap((mode) => STYLES.map((style) => [target.name, mode, style, target] as const)),
);

describe.each(rows)("%s against a server that fails (%s), %s canaries", (_name, mode, style, target) => {
  it("leaks no canary in its result, its log lines or anything thrown", async () => {
    const server = await startFailing(target, mode);
    const guard = createEgressGuard({
      policy: allowLoopback(),
      origins: Object.fromEntries((target.origins ?? []).map((origin) => [origin, server.url])),
    });
    const { config, canaries, companions } = plantCanaries(target.provider, target.config(server), style);
    expect(canaries.length, "secrets planted").toBeGreaterThan(0);
    const logs: LogEntry[] = [];
    let output = "";
    try {
      const result = await target.provider.test(config, {
        egress: guard,
        timeoutMs: 5_000,
        tokenCache: createTokenCache(),
        logger: { log: (entry) => logs.push(entry) },
      });
      expect(result.success).toBe(false);
      output = JSON.stringify(result);
      // With header-safe canaries the provider must really have sent them to the echoing server.
      if (mode === "echo" && style === "plain") expect(server.hits()).toBeGreaterThan(0);
    } catch (error) {
      output = `${String(error)}\n${(error as Error)?.stack ?? ""}`;
      expect.fail(`test() threw: ${output}`);
    } finally {
      await guard.close();
      await server.close();
    }
    const everything = `${output}\n${logs.map((entry) => JSON.stringify(entry)).join("\n")}`;
    expect(findCanaries(everything, canaries, companions)).toEqual([]);
  });
});

describe("the redacting logger given to every check (ctx.log)", () => {
  // No builtin provider logs today, so a provider that logs everything it holds stands in for a future one.
  const chatty = defineProvider({
    type: "chatty",
    displayName: "Chatty",
    description: "Logs and throws every secret it holds, in every form.",
    docsUrl: "https://example.com/chatty",
    configSchema: z.strictObject({ user: z.string(), password: z.string(), dsn: z.string() }),
    secretFields: ["password", "dsn"],
    async check(config, ctx) {
      const uri = new URL("postgresql://db.internal/app");
      uri.username = config.user;
      uri.password = config.password;
      const basic = Buffer.from(`${config.user}:${config.password}`).toString("base64");
      for (const log of [ctx.log.debug, ctx.log.info, ctx.log.warn, ctx.log.error]) {
        log(`connecting to ${uri.href} with ${config.password} / ${encodeURIComponent(config.password)}`, {
          config,
          headers: { authorization: `Basic ${basic}` },
          query: new URLSearchParams({ password: config.password }).toString(),
          dsn: config.dsn,
          error: new Error(`auth failed for ${config.user}:${config.password}`),
        });
      }
      throw new ProviderCheckError("auth_failed", `Rejected ${uri.href} (${config.password})`, {
        providerResponse: { echoed: config, basic },
      });
    },
  });

  it.each(STYLES)(
    "scrubs every form of every secret from log lines and the result (%s canaries)",
    async (style) => {
      const password =
        style === "plain" ? "CANARY-password-0a1b2c3d4e5f" : "CANARY-password-0a1b/p+a:s@w%rd &=ü";
      const dsnPassword = `${password}-dsn`;
      const dsn = `postgresql://svc:${encodeURIComponent(dsnPassword)}@db.internal/app`;
      const logs: LogEntry[] = [];
      const result = await chatty.test(
        { user: "svc-account", password, dsn },
        { logger: { log: (entry) => logs.push(entry) } },
      );
      expect(result.details.result).toBe("auth_failed");
      expect(logs).toHaveLength(4);
      const everything = `${JSON.stringify(result)}\n${logs.map((entry) => JSON.stringify(entry)).join("\n")}`;
      expect(findCanaries(everything, [password, dsnPassword, dsn], ["svc-account", "svc"])).toEqual([]);
    },
  );
});

describe("the built CLI (plugboard test … with and without --json)", () => {
  const cli = fileURLToPath(new URL("../../packages/plugboard/dist/cli.js", import.meta.url));
  const servers: FailingServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it("is built (run `pnpm run build` first)", () => {
    expect(existsSync(cli), cli).toBe(true);
  });

  const cliRows = PROVIDER_TARGETS.filter((target) => target.cliReachable).flatMap((target) =>
    (["echo", "reset"] as const).flatMap((mode) =>
      STYLES.flatMap((style) =>
        [false, true].map((json) => [target.name, mode, style, json, target] as const),
      ),
    ),
  );

  it.each(cliRows)(
    "%s against %s, %s canaries, --json %s: no canary on stdout or stderr",
    async (_name, mode, style, json, target) => {
      const server = await startFailing(target, mode);
      servers.push(server);
      const { config, canaries, companions } = plantCanaries(target.provider, target.config(server), style);
      const args = [
        "test",
        target.provider.type,
        "--config",
        "-",
        "--allow",
        "127.0.0.0/8",
        "--timeout",
        "5000",
      ];
      const run = await runCli(cli, json ? [...args, "--json"] : args, JSON.stringify(config));
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stdout.length).toBeGreaterThan(0);
      if (json) expect(JSON.parse(run.stdout).success).toBe(false);
      expect(findCanaries(`${run.stdout}\n${run.stderr}`, canaries, companions)).toEqual([]);
    },
  );

  it.each(STYLES)(
    "never prints a secret from validate, nor from a config that is not JSON (%s)",
    async (style) => {
      const target = PROVIDER_TARGETS.find((entry) => entry.provider.type === "http_api") as ProviderTarget;
      const { config, canaries, companions } = plantCanaries(
        target.provider,
        target.config({ url: "https://api.example.com", host: "api.example.com", port: 443 }),
        style,
      );
      const outputs: string[] = [];
      for (const json of [false, true]) {
        const args = ["validate", "http_api", "--config", "-", ...(json ? ["--json"] : [])];
        const valid = await runCli(cli, args, JSON.stringify(config));
        expect(valid.exitCode, valid.stderr).toBe(0);
        const broken = await runCli(cli, args, `${JSON.stringify(config).slice(0, -1)},}`);
        expect(broken.exitCode).toBe(2);
        outputs.push(valid.stdout, valid.stderr, broken.stdout, broken.stderr);
      }
      expect(outputs.join("\n")).toContain("REDACTED");
      expect(findCanaries(outputs.join("\n"), canaries, companions)).toEqual([]);
    },
  );
});
