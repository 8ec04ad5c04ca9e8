import { request } from "node:http";
import {
  type ConnectionProvider,
  createTokenCache,
  type TestOptions,
  type TestResultCategory,
} from "@plugboard/core";
import { startFakeHttpServer } from "../fake-http-server.js";
import { type LatencyProxy, startLatencyProxy } from "../latency-proxy.js";
import { createLoopbackGuard } from "../loopback-guard.js";
import type { ScenarioSetup } from "./suite.js";

/** One provider's success scenario timed behind a latency proxy. */
export interface RoundTripMeasurement {
  type: string;
  minimalRoundTrips: number;
  latencyMs: number;
  /** The first test of the credentials (nothing cached, no pooled connection); median of the repetitions. */
  firstMs: number;
  /** The same test again, with the token cache and pooled connections of the first; median. */
  secondMs: number;
  /**
   * The first test with no latency added (new guard, new token cache): this machine's own work, the fake
   * server's included; median.
   */
  localMs: number;
  /**
   * One plain HTTP request on a new connection through the same kind of proxy, in the same process: what one
   * round trip really costs here (the latency plus this machine's own overhead); median.
   */
  rawRoundTripMs: number;
  result: TestResultCategory;
}

/** Runs of the scenario, without latency, before anything is measured. */
const WARM_UP_RUNS = 10;

const LOOPBACK_PORT = /(127\.0\.0\.1|localhost|\[::1\]):(\d{2,5})/g;

/** Loopback ports a scenario points at: in URLs (config and origin targets) and in `port` fields. */
function loopbackPorts(value: unknown, found = new Set<number>(), key?: string): Set<number> {
  if (typeof value === "string")
    for (const match of value.matchAll(LOOPBACK_PORT)) found.add(Number(match[2]));
  else if (typeof value === "number" && key === "port") found.add(value);
  else if (typeof value === "object" && value !== null)
    for (const [childKey, child] of Object.entries(value)) loopbackPorts(child, found, childKey);
  return found;
}

/** A copy of `value` with every loopback port replaced by its proxy's. */
function throughProxies(value: unknown, proxies: Map<number, number>, key?: string): unknown {
  if (typeof value === "string")
    return value.replace(LOOPBACK_PORT, (whole, host: string, port: string) =>
      proxies.has(Number(port)) ? `${host}:${proxies.get(Number(port))}` : whole,
    );
  if (typeof value === "number" && key === "port") return proxies.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => throughProxies(item, proxies));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([childKey, child]) => [childKey, throughProxies(child, proxies, childKey)]),
    );
  return value;
}

/** Median time of one bare HTTP GET on a fresh connection through a latency proxy. */
async function rawRoundTrip(latencyMs: number, repetitions: number): Promise<number> {
  const server = await startFakeHttpServer((_request, reply) => reply.text(200, "ok"));
  const proxy = await startLatencyProxy(server.port, latencyMs);
  const times: number[] = [];
  try {
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        request({ host: "127.0.0.1", port: proxy.port, agent: false }, (response) => {
          response.resume();
          response.on("end", resolve);
        })
          .on("error", reject)
          .end();
      });
      times.push(performance.now() - started);
    }
  } finally {
    await proxy.close();
    await server.close();
  }
  return median(times);
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/**
 * Runs a provider's success scenario with `latencyMs` added to everything its servers send (a latency
 * proxy in front of every loopback port the scenario names), twice with one token cache: the ratio of the
 * first run to `minimalRoundTrips × latencyMs` shows whether requests that could overlap do, and the second
 * run what caching saves. Runs without latency first (ten keep module loading and JIT warm-up out of the
 * figures; the rest measure the local work); the pair is repeated (21 times by default: on a shared machine a
 * run now and then takes 3–10 ms longer, a garbage collection or a neighbour, and the median of 9 still moved
 * with them) and medians reported.
 */
export async function measureRoundTrips(
  provider: ConnectionProvider,
  setup: ScenarioSetup,
  { latencyMs = 50, repetitions = 21 }: { latencyMs?: number; repetitions?: number } = {},
): Promise<RoundTripMeasurement> {
  // Any run that does not succeed is reported, so a figure never stands for a failing scenario.
  let result: TestResultCategory = "success";
  /** One test of `config`, timed. */
  const timeTest = async (config: unknown, options: Omit<TestOptions, "signal">) => {
    const started = performance.now();
    const outcome = await provider.test(config, { ...setup.options, ...options });
    if (outcome.details.result !== "success") result = outcome.details.result;
    return performance.now() - started;
  };
  /** One test of the scenario in a new guard with a new token cache, without latency. */
  const cold = async () => {
    const egress = createLoopbackGuard(setup.origins);
    try {
      return await timeTest(setup.config, { egress, tokenCache: createTokenCache() });
    } finally {
      await egress.close();
    }
  };
  // Module loading and JIT warm-up. A backend tests connections from a long-running process; the first runs of
  // an SDK's code are several milliseconds slower (s3, measured: 15 ms, then 7–8 ms for the next ten, ≈ 4 ms after
  // twenty), which is not what a ratio about round trips is asking.
  for (let warmUp = 0; warmUp < WARM_UP_RUNS; warmUp++) await cold();
  const locals: number[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) locals.push(await cold());

  const proxies: LatencyProxy[] = [];
  const portMap = new Map<number, number>();
  for (const port of loopbackPorts([setup.config, setup.origins])) {
    const proxy = await startLatencyProxy(port, latencyMs);
    proxies.push(proxy);
    portMap.set(port, proxy.port);
  }
  const config = throughProxies(setup.config, portMap);
  const origins = setup.origins
    ? (throughProxies(setup.origins, portMap) as Record<string, string>)
    : undefined;
  const firsts: number[] = [];
  const seconds: number[] = [];
  try {
    // Each repetition starts cold (a new guard: no pooled connection; a new token cache), then repeats warm.
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const egress = createLoopbackGuard(origins);
      const tokenCache = createTokenCache();
      const timed = () => timeTest(config, { egress, tokenCache, timeoutMs: 30_000 });
      try {
        firsts.push(await timed());
        seconds.push(await timed());
      } finally {
        await egress.close();
      }
    }
    return {
      type: provider.type,
      minimalRoundTrips: provider.minimalRoundTrips ?? 1,
      latencyMs,
      firstMs: median(firsts),
      secondMs: median(seconds),
      localMs: median(locals),
      rawRoundTripMs: await rawRoundTrip(latencyMs, repetitions),
      result,
    };
  } finally {
    await Promise.all(proxies.map((proxy) => proxy.close()));
  }
}
