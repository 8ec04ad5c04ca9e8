// Catalog cold start: what listing every provider and exporting every JSON Schema costs in a fresh
// process, side by side with importing zod alone and with importing every provider and its SDK up front.
// Each case runs in its own fresh Node process, several times, interleaved so machine noise hits every case
// alike; medians are compared. The catalog is measured through `plugboard/registry` (the entry point that
// loads no zod, for exactly this job) and, for comparison, through `plugboard` (which loads the whole core).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const umbrellaDir = fileURLToPath(new URL("../packages/plugboard/", import.meta.url));

const cases = {
  "zod alone": `
    const z = await import("zod");
    z.object({ a: z.string() });`,
  "list() + every JSON Schema": catalogThrough("plugboard/registry"),
  "the same through plugboard": catalogThrough("plugboard"),
  // What a catalog would cost if every provider and its SDK were imported up front.
  "eager: every provider + its SDK": `
    process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = "true"; // no cloud-metadata probes on import
    const { createRequire } = await import("node:module");
    const { pathToFileURL } = await import("node:url");
    const { BUILTIN_PROVIDER_PACKAGES, createDefaultRegistry } = await import("plugboard");
    const fromUmbrella = createRequire(process.cwd() + "/package.json");
    const registry = createDefaultRegistry();
    for (const [type, packageName] of Object.entries(BUILTIN_PROVIDER_PACKAGES)) {
      const provider = await registry.get(type);
      provider.jsonSchema();
      const fromProvider = createRequire(fromUmbrella.resolve(packageName + "/package.json"));
      const manifest = fromProvider(packageName + "/package.json");
      for (const sdk of Object.keys(manifest.dependencies ?? {})) {
        if (sdk === "zod" || sdk.startsWith("@plugboard/") || sdk.startsWith("@types/")) continue;
        await import(pathToFileURL(fromProvider.resolve(sdk)).href);
      }
    }
    globalThis.__ready = 13;`,
};

function catalogThrough(entry) {
  return `
    const { createDefaultRegistry } = await import("${entry}");
    const registry = createDefaultRegistry();
    const listing = await registry.list();
    const ready = listing.filter((entry) => entry.status === "ready");
    for (const entry of ready) await registry.jsonSchema(entry.type);
    globalThis.__ready = ready.length;`;
}

function runOnce(body) {
  const script = `
    const started = performance.now();
    ${body}
    const ms = performance.now() - started;
    console.log(JSON.stringify({ ms, rss: process.memoryUsage().rss, ready: globalThis.__ready }));`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: umbrellaDir,
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").at(-1));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const body of Object.values(cases)) runOnce(body); // warm the file system cache
for (let run = 0; run < RUNS; run++) {
  for (const [name, body] of Object.entries(cases)) samples[name].push(runOnce(body));
}

const baseline = median(samples["zod alone"].map((sample) => sample.ms));
const rows = Object.entries(samples).map(([name, runs]) => {
  const ms = median(runs.map((sample) => sample.ms));
  const rss = median(runs.map((sample) => sample.rss)) / 1024 / 1024;
  return {
    case: name,
    "import+work ms (median)": ms.toFixed(1),
    "RSS MB": rss.toFixed(1),
    "× zod alone": (ms / baseline).toFixed(2),
  };
});
const ready = samples["list() + every JSON Schema"][0].ready;
console.log(
  `Catalog cold start, ${RUNS} fresh processes per case, Node ${process.version}; providers installed: ${ready} of 13`,
);
console.table(rows);
const msOf = (name) => Number(rows.find((row) => row.case === name)["import+work ms (median)"]);
const eagerMs = msOf("eager: every provider + its SDK");
for (const [label, name] of [
  ["Catalog (plugboard/registry)", "list() + every JSON Schema"],
  ["Through plugboard", "the same through plugboard"],
]) {
  const ratio = msOf(name) / baseline;
  const eagerSpeedup = eagerMs / msOf(name);
  console.log(
    `${label} ÷ zod alone: ${ratio.toFixed(2)} (target ≤ 1.25): ${ratio <= 1.25 ? "met" : "NOT met"}. ` +
      `Eager ÷ it: ${eagerSpeedup.toFixed(1)}× (target ≥ 10×): ${eagerSpeedup >= 10 ? "met" : "NOT met"}.`,
  );
}
