import { type RetestDeps, retestConnection } from "./retest.js";

/** A running health monitor. */
export interface HealthMonitor {
  /** Re-tests every ACTIVE connection now; resolves with how many were tested. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Scheduled re-tests for a single process (the embedded store): every `intervalMs`, each ACTIVE connection is
 * tested, `concurrency` at a time, and its lifecycle saved. A sweep never overlaps the previous one.
 */
export function startInProcessMonitor(
  deps: RetestDeps,
  options: { intervalMs: number; concurrency?: number },
): HealthMonitor {
  const concurrency = options.concurrency ?? 8;
  let running: Promise<number> | undefined;
  const sweep = () => {
    running ??= (async () => {
      const due = await deps.store.listActive();
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, due.length) }, async () => {
          for (let index = next++; index < due.length; index = next++) {
            // One connection's failure to test (a missing provider, a sealing error) must not stop the sweep.
            // A sealing key missing from the ring is logged once per connection and saves nothing, so it never
            // counts towards suspending the connection (see retestConnection).
            await retestConnection(deps, due[index] as (typeof due)[number]).catch(() => undefined);
          }
        }),
      );
      return due.length;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();
  return {
    sweep,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
