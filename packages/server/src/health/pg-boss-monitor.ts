import { SealingKeyMissingError } from "../sealing-key-missing.js";
import type { HealthMonitor } from "./in-process-monitor.js";
import { type RetestDeps, retestConnection } from "./retest.js";

const CHECK_QUEUE = "plugboard-health-check";
const SWEEP_QUEUE = "plugboard-health-sweep";

interface CheckJob {
  organization_id: string;
  connection_id: string;
}

/**
 * Scheduled re-tests shared by every server or worker process on one PostgreSQL, through pg-boss: a cron
 * schedule (one sweep per tick across all processes) queues one job per ACTIVE connection, keyed by the
 * connection so a connection is never queued twice, and every process's workers take jobs with
 * `SKIP LOCKED`, so no connection is tested twice for one sweep.
 */
export async function startPgBossMonitor(
  deps: RetestDeps,
  options: { connectionString: string; cron?: string; workers?: number; pollingIntervalSeconds?: number },
): Promise<HealthMonitor> {
  const { default: PgBoss } = await import("pg-boss");
  const boss = new PgBoss({ connectionString: options.connectionString });
  boss.on("error", () => {}); // pg-boss reports maintenance errors here; a failed check is saved on the record
  await boss.start();
  for (const name of [CHECK_QUEUE, SWEEP_QUEUE]) await ensureQueue(boss, name);

  const sweep = async () => {
    const due = await deps.store.listActive();
    for (const { record } of due) {
      const job: CheckJob = { organization_id: record.organization_id, connection_id: record.connection_id };
      await boss.send(CHECK_QUEUE, job, {
        singletonKey: `${record.organization_id}/${record.connection_id}`,
      });
    }
    return due.length;
  };
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  for (let worker = 0; worker < (options.workers ?? 4); worker++) {
    await boss.work<CheckJob>(CHECK_QUEUE, { ...polling, batchSize: 1 }, async ([job]) => {
      if (!job) return;
      const stored = await deps.store.find(job.data.organization_id, job.data.connection_id);
      if (stored?.record.status !== "ACTIVE") return;
      try {
        await retestConnection(deps, stored);
      } catch (cause) {
        // A missing sealing key is the operator's to fix (logged once per connection): the connection is not
        // failing, so nothing is saved and the job is done rather than failed.
        if (!(cause instanceof SealingKeyMissingError)) throw cause;
      }
    });
  }
  await boss.work(SWEEP_QUEUE, polling, async () => {
    await sweep();
  });
  if (options.cron) await boss.schedule(SWEEP_QUEUE, options.cron);
  return {
    sweep,
    stop: () => boss.stop({ graceful: true, wait: true }),
  };
}

const DEADLOCK = "40P01";

/**
 * Creates a queue unless it exists. Processes starting together can deadlock in pg-boss's queue creation
 * (measured: two at once fail with 40P01), so a deadlock is retried.
 */
async function ensureQueue(boss: import("pg-boss"), name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await boss.getQueue(name)) return;
      await boss.createQueue(name, { name, policy: "short", retryLimit: 0 });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
