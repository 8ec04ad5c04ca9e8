import { randomBytes } from "node:crypto";
import type { RegistryOptions } from "@plugboard/core";
import { createDefaultRegistry } from "../default-registry.js";
import { type CliIo, EXIT } from "./io.js";

/** Options of `plugboard serve`. */
export interface ServeOptions {
  port?: string | undefined;
  host?: string | undefined;
  dev?: boolean | undefined;
  dataDir?: string | undefined;
  createApiKey?: string | undefined;
  /** Minutes between scheduled re-tests of every ACTIVE connection (default 15; 0 turns them off). */
  healthEvery?: string | undefined;
  allow?: string[] | undefined;
}

/**
 * `plugboard serve`: the connections API, on PostgreSQL when `DATABASE_URL` is set, else on the embedded
 * store. Needs `PLUGBOARD_SECRET_KEYS` (the sealing
 * keys) unless `--dev`, which generates a throwaway key and says so. `--create-api-key <org>` adds an API key
 * for an organization to the store, prints it once and exits. Runs until SIGINT or SIGTERM.
 */
export async function runServe(io: CliIo, options: ServeOptions, env = process.env): Promise<number> {
  // Loaded only here: `plugboard list` and the other commands never load the server.
  const server = await import("@plugboard/server");
  const store = env.DATABASE_URL
    ? await server.createPostgresStore({ connectionString: env.DATABASE_URL })
    : await server.createPgliteStore(options.dataDir ? { dataDir: options.dataDir } : {});
  try {
    if (options.createApiKey) {
      const key = server.generateApiKey();
      await store.addApiKey(options.createApiKey, server.hashApiKey(key));
      io.stdout(`API key for ${options.createApiKey} (shown once; only its hash is stored):\n${key}`);
      return EXIT.ok;
    }
    let keyRing: import("@plugboard/core").KeyRing;
    if (env.PLUGBOARD_SECRET_KEYS) keyRing = server.keyRingFromEnv(env.PLUGBOARD_SECRET_KEYS);
    else if (options.dev) {
      const { createKeyRing } = await import("@plugboard/core");
      keyRing = createKeyRing({ keys: [{ id: "dev", key: randomBytes(32) }], primaryKeyId: "dev" });
      io.stderr(
        "WARNING: --dev generated a throwaway sealing key: secrets saved now cannot be opened after a restart. Set PLUGBOARD_SECRET_KEYS in production.",
      );
      // A key to try the API with at once; in production keys come from --create-api-key.
      const devKey = server.generateApiKey();
      await store.addApiKey("org_dev", server.hashApiKey(devKey));
      io.stderr(`--dev API key for organization org_dev: ${devKey}`);
    } else {
      io.stderr(
        "PLUGBOARD_SECRET_KEYS is not set: give the sealing keys (id:base64key, comma-separated, the first primary), or run with --dev for a throwaway key.",
      );
      return EXIT.usage;
    }
    const registryOptions: RegistryOptions = {};
    const allow = [
      ...(options.allow ?? []),
      ...(env.PLUGBOARD_EGRESS_ALLOW?.split(",").filter(Boolean) ?? []),
    ];
    if (allow.length > 0) registryOptions.egress = { allow };
    const registry = createDefaultRegistry(registryOptions);
    // The request log; the health monitor writes its operator warnings (a missing sealing key) there too.
    const log = (line: Record<string, unknown>) => io.stdout(JSON.stringify(line));
    const app = server.createConnectionsApp({ registry, store, keyRing, log });
    const minutes = Number(options.healthEvery ?? 15);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
      io.stderr("--health-every takes a whole number of minutes from 0 (off) to 1440.");
      return EXIT.usage;
    }
    const deps = { registry, store, keyRing, now: () => new Date(), log };
    const monitor =
      minutes === 0
        ? undefined
        : env.DATABASE_URL
          ? await server.startPgBossMonitor(deps, {
              connectionString: env.DATABASE_URL,
              cron: minutes < 60 ? `*/${minutes} * * * *` : `0 */${Math.floor(minutes / 60)} * * *`,
            })
          : server.startInProcessMonitor(deps, { intervalMs: minutes * 60_000 });
    const running = await server.startServer(app, {
      port: Number(options.port ?? 8080),
      hostname: options.host ?? "127.0.0.1",
    });
    io.stdout(`Plugboard connections API listening on ${running.url} (OpenAPI: ${running.url}/openapi.json)`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await running.close();
    await monitor?.stop();
    await registry.close();
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
