import type { ConnectionStore } from "./connection-store.js";
import { migrate, type Sql, sqlStore } from "./sql-store.js";

/**
 * The store on a PostgreSQL server (`DATABASE_URL`), through a node-postgres pool: the same migrations and
 * statements as the embedded store. Several server processes can share it.
 */
export async function createPostgresStore(options: {
  connectionString: string;
  maxConnections?: number;
}): Promise<ConnectionStore> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // An idle client losing its server (a restart, a failover) must not crash the process; the next query
  // opens a new connection or fails on its own.
  pool.on("error", () => {});
  const sql: Sql = {
    query: async <T>(text: string, params: unknown[] = []) => ({
      rows: (await pool.query(text, params)).rows as T[],
    }),
    exec: (text) => pool.query(text),
    close: () => pool.end(),
  };
  // Two processes starting at once must not both run a migration.
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(727274)");
    await migrate({
      ...sql,
      query: async <T>(text: string, params: unknown[] = []) => ({
        rows: (await client.query(text, params)).rows as T[],
      }),
      exec: (text) => client.query(text),
    });
    await client.query("SELECT pg_advisory_unlock(727274)");
  } finally {
    client.release();
  }
  return sqlStore(sql);
}
