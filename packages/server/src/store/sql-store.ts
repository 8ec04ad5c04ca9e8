import type { ConnectionRecord } from "@plugboard/core";
import { type ConnectionStore, DuplicateNameError, type StoredConnection } from "./connection-store.js";
import { MIGRATIONS } from "./migrations.js";

interface Row {
  record: ConnectionRecord;
  config: unknown;
  sealed: string;
}

/** The SQL a store needs from its database: PGlite or node-postgres run the same statements. */
export interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
  close(): Promise<void>;
}

const UNIQUE_VIOLATION = "23505";
const fromRow = (row: Row): StoredConnection => ({
  record: row.record,
  config: row.config,
  sealed: row.sealed,
});

/** Runs the migrations not yet applied, each in its own transaction. */
export async function migrate(sql: Sql): Promise<void> {
  await sql.exec("CREATE TABLE IF NOT EXISTS plugboard_migrations (id integer PRIMARY KEY)");
  const { rows } = await sql.query<{ id: number }>("SELECT id FROM plugboard_migrations");
  const done = new Set(rows.map((row) => row.id));
  for (const migration of MIGRATIONS) {
    if (done.has(migration.id)) continue;
    await sql.exec(
      `BEGIN; ${migration.sql} INSERT INTO plugboard_migrations (id) VALUES (${migration.id}); COMMIT;`,
    );
  }
}

/** A {@link ConnectionStore} over any PostgreSQL-compatible database. */
export function sqlStore(sql: Sql): ConnectionStore {
  return {
    async organizationOfKey(keyHash) {
      const { rows } = await sql.query<{ organization_id: string }>(
        "SELECT organization_id FROM plugboard_api_keys WHERE key_hash = $1",
        [keyHash],
      );
      return rows[0]?.organization_id;
    },
    async addApiKey(organizationId, keyHash) {
      await sql.query("INSERT INTO plugboard_api_keys (key_hash, organization_id) VALUES ($1, $2)", [
        keyHash,
        organizationId,
      ]);
    },
    async insert({ record, config, sealed }) {
      try {
        await sql.query(
          "INSERT INTO plugboard_connections (organization_id, connection_id, name, record, config, sealed) VALUES ($1, $2, $3, $4, $5, $6)",
          [record.organization_id, record.connection_id, record.name, record, config, sealed],
        );
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION)
          throw new DuplicateNameError(`A connection named "${record.name}" already exists.`);
        throw error;
      }
    },
    async find(organizationId, identifier) {
      const { rows } = await sql.query<Row>(
        // An id wins over a name, as resolveConnection does.
        "SELECT record, config, sealed FROM plugboard_connections WHERE organization_id = $1 AND (connection_id = $2 OR name = $2) ORDER BY (connection_id = $2) DESC LIMIT 1",
        [organizationId, identifier],
      );
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async list(organizationId) {
      const { rows } = await sql.query<Row>(
        "SELECT record, config, sealed FROM plugboard_connections WHERE organization_id = $1 ORDER BY record->>'created_at', connection_id",
        [organizationId],
      );
      return rows.map(fromRow);
    },
    async listActive() {
      const { rows } = await sql.query<Row>(
        "SELECT record, config, sealed FROM plugboard_connections WHERE record->>'status' = 'ACTIVE' ORDER BY organization_id, connection_id",
      );
      return rows.map(fromRow);
    },
    async save({ record, config, sealed }) {
      await sql.query(
        "UPDATE plugboard_connections SET name = $3, record = $4, config = $5, sealed = $6 WHERE organization_id = $1 AND connection_id = $2",
        [record.organization_id, record.connection_id, record.name, record, config, sealed],
      );
    },
    close: () => sql.close(),
  };
}
