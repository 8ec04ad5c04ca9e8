import type { ConnectionStore } from "./connection-store.js";
import { migrate, type Sql, sqlStore } from "./sql-store.js";

/**
 * The embedded store: PGlite (PostgreSQL compiled to WebAssembly, in this process), so the service runs on a
 * fresh machine with no database server. `dataDir` keeps the data on disk; without it everything is in
 * memory.
 */
export async function createPgliteStore(options: { dataDir?: string } = {}): Promise<ConnectionStore> {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(options.dataDir);
  const sql: Sql = db as unknown as Sql;
  await migrate(sql);
  return sqlStore(sql);
}
