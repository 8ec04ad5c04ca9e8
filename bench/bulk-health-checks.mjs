// Bulk health checks: 10,000 connection tests per round across http_api, rss and s3 against local servers, at a
// fixed concurrency, through Plugboard's registry and — side by side, in the same process — as the same calls
// made with fetch, feedsmith and @aws-sdk/client-s3 in a plain loop. Prints throughput (Plugboard ÷ raw), the
// peak RSS, and RSS / heap after each round, so growth across rounds shows.
// Run with --expose-gc (the `bench` script does) so the per-round memory figures are taken after a collection.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const TESTS_PER_ROUND = Number(process.env.BENCH_BULK_TESTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_BULK_ROUNDS ?? 3);
const CONCURRENCY = 50;
const root = fileURLToPath(new URL("..", import.meta.url));
const fromUmbrella = createRequire(join(root, "packages/plugboard/package.json"));
const fromPackage = (dir) => createRequire(join(root, "packages/providers", dir, "package.json"));
const load = async (require, name) => import(pathToFileURL(require.resolve(name)).href);

const { createDefaultRegistry } = await load(fromUmbrella, "plugboard");
const { parseFeed } = await load(fromPackage("rss"), "feedsmith");
const { S3Client, ListObjectsV2Command } = await load(fromPackage("s3"), "@aws-sdk/client-s3");
const S3rver = fromPackage("s3")("@20minutes/s3rver");
const { DUMMY_ACCOUNT } = fromPackage("s3")("@20minutes/s3rver/lib/models/account");

// --- local servers ---------------------------------------------------------------------------------------
const TOKEN = "bench-token-7c1f";
const FEED = readFileSync(join(root, "test-fixtures/feeds/rss-parser/craigslist.rss"), "utf8");
const api = createServer((request, response) => {
  const ok = request.headers.authorization === `Bearer ${TOKEN}`;
  response.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
  response.end(ok ? '{"status":"ok"}' : '{"error":"unauthorized"}');
});
const feeds = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
  response.end(FEED);
});
const listen = (server) =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
const apiPort = await listen(api);
const feedPort = await listen(feeds);
const s3Keys = { accessKeyId: "AKIABENCHMARK00001", secretAccessKey: "bench-secret-3e9d" };
DUMMY_ACCOUNT.createKeyPair(s3Keys.accessKeyId, s3Keys.secretAccessKey);
const s3Dir = mkdtempSync(join(tmpdir(), "plugboard-bench-s3-"));
const s3rver = new S3rver({
  port: 0,
  address: "127.0.0.1",
  silent: true,
  directory: s3Dir,
  vhostBuckets: false,
  configureBuckets: [{ name: "reports" }],
});
const { port: s3Port } = await s3rver.run();

// --- the same checks, two ways ---------------------------------------------------------------------------
const registry = createDefaultRegistry({ egress: { allow: ["127.0.0.0/8"] } });
const configs = {
  http_api: {
    base_url: `http://127.0.0.1:${apiPort}`,
    auth: { type: "bearer", token: TOKEN },
    health_check: { path: "/status" },
  },
  rss: { feed_url: `http://127.0.0.1:${feedPort}/feed.xml` },
  s3: {
    bucket: "reports",
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${s3Port}`,
    force_path_style: true,
    credentials: {
      type: "access_key",
      access_key_id: s3Keys.accessKeyId,
      secret_access_key: s3Keys.secretAccessKey,
    },
  },
};
// What the providers send, written by hand: http_api's probe and its wrong-credential probe, rss's fetch and
// parse, s3's one ListObjectsV2.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const raw = {
  http_api: async () => {
    const [right, wrong] = await Promise.all(
      [TOKEN, "wrong-token"].map((token) =>
        fetch(`http://127.0.0.1:${apiPort}/status`, { headers: { authorization: `Bearer ${token}` } }),
      ),
    );
    await Promise.all([right.text(), wrong.text()]);
    if (right.status !== 200 || wrong.status !== 401) throw new Error("raw http_api check failed");
  },
  rss: async () => {
    const response = await fetch(`http://127.0.0.1:${feedPort}/feed.xml`);
    parseFeed(await response.text());
  },
  // A client per check, as a health check of many connections has one set of credentials per connection.
  s3: async () => {
    const client = new S3Client({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${s3Port}`,
      forcePathStyle: true,
      credentials: s3Keys,
      maxAttempts: 1,
    });
    try {
      await client.send(new ListObjectsV2Command({ Bucket: "reports", MaxKeys: 1 }));
    } finally {
      client.destroy();
    }
  },
};
const plugboard = Object.fromEntries(
  Object.entries(configs).map(([type, config]) => [
    type,
    async () => {
      const result = await registry.test(type, config);
      if (!result.success) throw new Error(`${type}: ${result.message}`);
    },
  ]),
);

/** Runs `count` calls of `check`, `CONCURRENCY` at a time; returns the seconds it took. */
async function drive(check, count) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await check();
    }),
  );
  return (performance.now() - started) / 1000;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

const kinds = Object.keys(configs);
const perKind = Math.ceil(TESTS_PER_ROUND / kinds.length);
for (const kind of kinds) {
  // Warm both paths: module loading and JIT stay out of the rounds.
  await drive(raw[kind], 200);
  await drive(plugboard[kind], 200);
}
const rows = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const seconds = { raw: 0, plugboard: 0 };
    const ratios = {};
    // Side by side per provider, so a slow server weighs on both paths alike; in A-B-B-A order, half the
    // checks each time, so neither path always runs second (after the other's garbage, on a warmer server).
    for (const kind of kinds) {
      const half = Math.ceil(perKind / 2);
      let rawSeconds = await drive(raw[kind], half);
      let plugboardSeconds = await drive(plugboard[kind], half);
      plugboardSeconds += await drive(plugboard[kind], perKind - half);
      rawSeconds += await drive(raw[kind], perKind - half);
      seconds.raw += rawSeconds;
      seconds.plugboard += plugboardSeconds;
      ratios[`${kind} ÷ raw`] = (rawSeconds / plugboardSeconds).toFixed(2);
    }
    globalThis.gc?.();
    const memory = process.memoryUsage();
    const total = perKind * kinds.length;
    rows.push({
      round,
      "raw checks/s": (total / seconds.raw).toFixed(0),
      "Plugboard checks/s": (total / seconds.plugboard).toFixed(0),
      "Plugboard ÷ raw": (seconds.raw / seconds.plugboard).toFixed(2),
      ...ratios,
      "RSS MB after": mb(memory.rss),
      "heap MB after": mb(memory.heapUsed),
    });
  }
} finally {
  clearInterval(sampler);
  await registry.close();
  api.closeAllConnections();
  feeds.closeAllConnections();
  api.close();
  feeds.close();
  s3rver.httpServer?.closeAllConnections();
  await s3rver.close();
  rmSync(s3Dir, { recursive: true, force: true });
}

console.log(
  `Bulk health checks: ${perKind * kinds.length} tests per round (${kinds.join(", ")}), concurrency ${CONCURRENCY}, ` +
    `Node ${process.version}${globalThis.gc ? "" : " (run with --expose-gc for post-GC memory figures)"}`,
);
console.table(rows);
const worst = Math.min(...rows.map((row) => Number(row["Plugboard ÷ raw"])));
console.log(
  `Peak RSS ${mb(peakRss)} MB. Lowest throughput ratio ${worst.toFixed(2)} (goal ≥ 0.9): ${worst >= 0.9 ? "met" : "NOT met"}.`,
);
const perProvider = kinds.map((kind) => {
  const lowest = Math.min(...rows.map((row) => Number(row[`${kind} ÷ raw`])));
  return `${kind} ${lowest.toFixed(2)}${lowest >= 0.9 ? "" : " (NOT met)"}`;
});
console.log(`Lowest per provider (goal ≥ 0.9 each): ${perProvider.join(", ")}.`);
