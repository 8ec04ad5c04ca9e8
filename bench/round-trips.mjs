// Round trips: every provider's success scenario (from its own conformance tests, against its own fake)
// with 50 ms added to everything the fake sends. Wall time ÷ (the provider's declared minimal number of
// sequential round trips × 50 ms) shows whether requests that could overlap do (goal ≤ 1.15); a second
// test of the same credentials shows what the token cache and pooled connections save.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "plugboard-round-trips-"));
const resultsFile = join(dir, "results.jsonl");
try {
  const run = spawnSync(
    "pnpm",
    [
      "exec",
      "vitest",
      "run",
      "packages/providers",
      "-t",
      "round trips",
      "--no-file-parallelism", // one scenario at a time, so timings are not shared with another file's
      "--reporter=dot",
      "--silent",
    ],
    { cwd: root, env: { ...process.env, PLUGBOARD_BENCH_ROUND_TRIPS: resultsFile }, encoding: "utf8" },
  );
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error("The round-trip scenarios failed; see the vitest output above.");
  }
  const rows = readFileSync(resultsFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line))
    .sort((a, b) => a.type.localeCompare(b.type));
  const table = rows.map((row) => {
    const ideal = row.minimalRoundTrips * row.latencyMs;
    return {
      provider: row.type,
      "round trips": row.minimalRoundTrips,
      "ideal ms": ideal,
      "no-latency ms": row.localMs.toFixed(1),
      "first ms": row.firstMs.toFixed(0),
      "÷ ideal": (row.firstMs / ideal).toFixed(2),
      "raw RTT ms": row.rawRoundTripMs.toFixed(0),
      "÷ raw RTTs": (row.firstMs / (row.minimalRoundTrips * row.rawRoundTripMs)).toFixed(2),
      "second ms": row.secondMs.toFixed(0),
      "second ÷ first": (row.secondMs / row.firstMs).toFixed(2),
    };
  });
  console.log(
    `Round trips, 50 ms added to every response, Node ${process.version}. "÷ ideal" divides by round trips × 50 ms; ` +
      `"÷ raw RTTs" by round trips × one bare HTTP request through the same proxy, measured beside it; ` +
      `"no-latency ms" is the same first test without the proxy (local work, the fake server's included). Medians of 21, after 10 warm-up runs.`,
  );
  console.table(table);
  const over = (column) => table.filter((row) => Number(row[column]) > 1.15).map((row) => row.provider);
  const verdict = (column) => (over(column).length === 0 ? "none" : over(column).join(", "));
  console.log(`Over 1.15× of round trips × 50 ms: ${verdict("÷ ideal")}.`);
  console.log(`Over 1.15× of round trips × the measured raw round trip: ${verdict("÷ raw RTTs")}.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
