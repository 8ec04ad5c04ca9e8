/**
 * The schema, as ordered SQL migrations shared by every SQL store. Each runs once, recorded in
 * `plugboard_migrations`.
 */
export const MIGRATIONS: ReadonlyArray<{ id: number; sql: string }> = [
  {
    id: 1,
    sql: `
      CREATE TABLE plugboard_api_keys (
        key_hash text PRIMARY KEY,
        organization_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE plugboard_connections (
        organization_id text NOT NULL,
        connection_id text NOT NULL,
        name text NOT NULL,
        record jsonb NOT NULL,
        config jsonb NOT NULL,
        sealed text NOT NULL,
        PRIMARY KEY (organization_id, connection_id),
        UNIQUE (organization_id, name)
      );`,
  },
];
