import { ProviderCheckError } from "@plugboard/core";
import { type ConnectionSettings, qualifiedTableNames } from "./connection-settings.js";

/**
 * One round trip: who we are, the server version, and every privilege the configured reads need.
 * Names are passed as parameters and only parsed by to_regclass / has_*_privilege, never spliced into SQL.
 */
export const PRIVILEGES_QUERY = `
select current_user as current_user,
       current_setting('server_version') as server_version,
       has_database_privilege(current_database(), 'CONNECT') as database_connect,
       ($1::text is null or exists (select 1 from pg_namespace where nspname = $1)) as schema_exists,
       case when $1::text is not null and exists (select 1 from pg_namespace where nspname = $1)
            then has_schema_privilege($1, 'USAGE') end as schema_usage,
       coalesce((
         select json_agg(json_build_object(
                  'exists', to_regclass(t.name) is not null,
                  'select', case when to_regclass(t.name) is not null then has_table_privilege(to_regclass(t.name), 'SELECT') end,
                  'schema_usage', case when to_regclass(t.name) is not null
                                       then has_schema_privilege((select relnamespace from pg_class where oid = to_regclass(t.name)), 'USAGE') end)
                order by t.ordinality)
           from unnest($2::text[]) with ordinality as t(name, ordinality)), '[]'::json) as tables`;

/** A row of {@link PRIVILEGES_QUERY}. */
export interface PrivilegesRow {
  current_user: string;
  server_version: string;
  database_connect: boolean;
  schema_exists: boolean;
  schema_usage: boolean | null;
  tables: Array<{ exists: boolean; select: boolean | null; schema_usage: boolean | null }>;
}

/** The query's parameters for these settings. */
export function privilegesParameters(settings: ConnectionSettings): [string | null, string[]] {
  return [settings.schema ?? null, qualifiedTableNames(settings).map((table) => table.qualified)];
}

/** Throws the first missing object or privilege, naming the GRANT that fixes it. */
export function assertPrivileges(row: PrivilegesRow, settings: ConnectionSettings): void {
  const user = settings.user;
  if (!row.database_connect) {
    throw new ProviderCheckError(
      "permission_denied",
      `GRANT CONNECT ON DATABASE ${settings.database} TO ${user} is missing.`,
    );
  }
  if (settings.schema !== undefined) {
    if (!row.schema_exists)
      throw new ProviderCheckError("not_found", `Schema "${settings.schema}" does not exist.`);
    if (row.schema_usage === false) {
      throw new ProviderCheckError(
        "permission_denied",
        `User "${user}" may not use schema "${settings.schema}": GRANT USAGE ON SCHEMA ${settings.schema} TO ${user}.`,
      );
    }
  }
  qualifiedTableNames(settings).forEach((table, index) => {
    const found = row.tables[index];
    if (!found?.exists)
      throw new ProviderCheckError(
        "not_found",
        `Table ${table.name} does not exist (or is not visible to "${user}").`,
      );
    const schema = table.name.slice(0, table.name.indexOf("."));
    if (found.schema_usage === false) {
      throw new ProviderCheckError(
        "permission_denied",
        `User "${user}" may not use schema "${schema}": GRANT USAGE ON SCHEMA ${schema} TO ${user}.`,
      );
    }
    if (found.select === false) {
      throw new ProviderCheckError(
        "permission_denied",
        `User "${user}" may not read ${table.name}: GRANT SELECT ON ${table.name} TO ${user}.`,
      );
    }
  });
}
