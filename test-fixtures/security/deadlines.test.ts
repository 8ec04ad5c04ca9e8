import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ConnectionProvider, TestResult } from "@plugboard/core";
import { createLoopbackGuard } from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_TARGETS, type ProviderTarget } from "./provider-targets.js";
import { runCli } from "./run-cli.js";
import { type StallServers, startStallServers } from "./stall-servers.js";

/**
 * Part 3 of the security suite: against a server that accepts the connection and never answers, every
 * builtin provider's `test()` ends with `timeout` within its deadline plus 10 %, an AbortSignal fired
 * mid-flight ends it promptly, and once the servers and guards are closed nothing the tests started keeps
 * the process alive — checked here on the active handles, and in a real process: the built CLI, which
 * never calls process.exit, must exit by itself right after printing its timeout.
 */
const DEADLINE_MS = 1_500;
const DEADLINE_BOUND_MS = DEADLINE_MS * 1.1;
const ABORT_AT_MS = 300;
/** "Promptly": the abort must end the test long before the deadline would have. */
const ABORT_BOUND_MS = 700;
/** How long the CLI may linger between printing its result and exiting. */
const EXIT_AFTER_OUTPUT_MS = 1_000;

let stall: StallServers;
/** Active handles and requests by kind before any server or provider ran. */
let baseline: Map<string, number>;
beforeAll(async () => {
  baseline = activeResources();
  stall = await startStallServers();
});
afterAll(async () => {
  await stall?.close();
});

function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Runs one test of `target` against its stall server and measures it from the outside. */
async function timedTest(
  target: ProviderTarget,
  options: { signal?: AbortSignal } = {},
): Promise<{ result: TestResult; elapsedMs: number; hits: number }> {
  const server = stall.for(target);
  const config = target.config(server);
  const provider: ConnectionProvider = target.provider;
  const validation = provider.validate(config);
  expect(validation.success, JSON.stringify(validation)).toBe(true);
  const guard = createLoopbackGuard(
    Object.fromEntries((target.origins ?? []).map((origin) => [origin, server.url])),
  );
  const hitsBefore = stall.hits(target);
  try {
    const started = performance.now();
    const result = await provider.test(config, { egress: guard, timeoutMs: DEADLINE_MS, ...options });
    const elapsedMs = performance.now() - started;
    return { result, elapsedMs, hits: stall.hits(target) - hitsBefore };
  } finally {
    await guard.close();
  }
}

const measured: Array<{ name: string; deadlineMs: number; abortMs: number }> = [];

describe.each(PROVIDER_TARGETS.map((target) => [target.name, target] as const))(
  "deadline of %s against a server that never answers",
  (name, target) => {
    let deadlineMs = Number.NaN;
    it(`returns timeout within ${DEADLINE_MS} ms + 10 %`, async () => {
      const { result, elapsedMs, hits } = await timedTest(target);
      deadlineMs = elapsedMs;
      // The provider really reached the stall server: the timeout is not some earlier failure.
      expect(hits, "requests or connections the stall server received").toBeGreaterThan(0);
      expect(result.details.result, result.message).toBe("timeout");
      expect(result.success).toBe(false);
      expect(result.details.retryable).toBe(true);
      expect(result.message).toMatch(/did not finish within 1500 ms/);
      expect(result.details.duration_ms).toBeGreaterThanOrEqual(DEADLINE_MS);
      expect(result.details.duration_ms).toBeLessThanOrEqual(DEADLINE_BOUND_MS);
      expect(elapsedMs).toBeLessThanOrEqual(DEADLINE_BOUND_MS);
    });

    it(`ends promptly when the caller aborts at ${ABORT_AT_MS} ms`, async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), ABORT_AT_MS);
      try {
        const { result, elapsedMs } = await timedTest(target, { signal: controller.signal });
        // The core reports a caller's abort as `timeout` with a message saying it was cancelled.
        expect(result.details.result, result.message).toBe("timeout");
        expect(result.message).toMatch(/cancelled by the caller/);
        expect(elapsedMs).toBeGreaterThanOrEqual(ABORT_AT_MS - 5);
        expect(elapsedMs).toBeLessThanOrEqual(ABORT_BOUND_MS);
        expect(result.details.duration_ms).toBeLessThanOrEqual(ABORT_BOUND_MS);
        measured.push({ name, deadlineMs, abortMs: elapsedMs });
      } finally {
        clearTimeout(timer);
      }
    });
  },
);

/** Handles and requests beyond the baseline, e.g. `["TCPSocketWrap ×2"]`, once they have settled. */
async function settledExtras(allowed: Record<string, number> = {}): Promise<string[]> {
  let extra: string[] = [];
  // Sockets ended by the client release their handles on a later turn of the event loop.
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    extra = [...activeResources()].flatMap(([kind, count]) => {
      const over = count - (baseline.get(kind) ?? 0) - (allowed[kind] ?? 0);
      return over > 0 ? [`${kind} ×${over}`] : [];
    });
    if (extra.length === 0) break;
  }
  return extra;
}

describe("after every provider has timed out", () => {
  it("has closed every connection it opened, while the silent servers are still listening", async () => {
    // Only the two listening servers are left: no client socket (nor the server's end of one), no timer.
    expect(await settledExtras({ TCPServerWrap: 2 }), "beyond the baseline and the two servers").toEqual([]);
  });

  it("leaves nothing that keeps the process alive once the servers are closed", async () => {
    await stall.close();
    expect(await settledExtras(), "handles or requests left beyond the baseline").toEqual([]);
    // One line per provider, for the report: how long the timed-out and the aborted tests took.
    console.info(
      measured
        .map(
          (row) => `${row.name}: timeout ${row.deadlineMs.toFixed(0)} ms, abort ${row.abortMs.toFixed(0)} ms`,
        )
        .join("\n"),
    );
  });
});

describe("the built CLI against a server that never answers", () => {
  const cli = fileURLToPath(new URL("../../packages/plugboard/dist/cli.js", import.meta.url));
  let servers: StallServers;
  beforeAll(async () => {
    servers = await startStallServers();
  });
  afterAll(async () => {
    await servers?.close();
  });

  it("is built (run `pnpm run build` first)", () => {
    expect(existsSync(cli), cli).toBe(true);
  });

  it.each(
    PROVIDER_TARGETS.filter((target) => target.cliReachable).map((target) => [target.name, target] as const),
  )("%s: prints timeout by the deadline, then the process exits by itself", async (_name, target) => {
    const config = target.config(servers.for(target));
    const args = ["test", target.provider.type, "--config", "-", "--allow", "127.0.0.0/8"];
    const run = await runCli(
      cli,
      [...args, "--timeout", String(DEADLINE_MS), "--json"],
      JSON.stringify(config),
    );
    expect(run.exitCode, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.details.result, result.message).toBe("timeout");
    expect(result.details.duration_ms).toBeLessThanOrEqual(DEADLINE_BOUND_MS);
    // Nothing (socket, agent, timer, SDK pool) keeps the process alive once the result is out.
    expect(run.exitMs - run.lastOutputMs).toBeLessThanOrEqual(EXIT_AFTER_OUTPUT_MS);
    console.info(
      `cli ${target.name}: timeout after ${result.details.duration_ms} ms, exited ${(run.exitMs - run.lastOutputMs).toFixed(0)} ms after its output`,
    );
  });
});
