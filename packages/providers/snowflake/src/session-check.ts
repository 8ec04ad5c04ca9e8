import { ProviderCheckError } from "@plugboard/core";
import type { SnowflakeConfig } from "./snowflake-schema.js";

/** One round trip: who the session is, and which configured objects it could actually use. */
export const SESSION_QUERY =
  "select current_user() as user, current_role() as role, current_warehouse() as warehouse, current_database() as database, current_schema() as schema, current_version() as version";

/** A row of {@link SESSION_QUERY}. */
export interface SessionRow {
  USER: string | null;
  ROLE: string | null;
  WAREHOUSE: string | null;
  DATABASE: string | null;
  SCHEMA: string | null;
  VERSION: string | null;
}

const same = (a: string | null | undefined, b: string) =>
  (a ?? "").toUpperCase() === b.replace(/^"|"$/g, "").toUpperCase();

/**
 * Snowflake logs in even when the configured warehouse, database or schema is missing or not granted; it
 * just leaves it unset in the session. Each configured object must be the one the session really uses.
 */
export function assertSessionUses(row: SessionRow, config: SnowflakeConfig): void {
  const role = row.ROLE ?? "the user's default role";
  const checks: Array<[keyof SessionRow, string | undefined, string]> = [
    ["WAREHOUSE", config.warehouse, "GRANT USAGE ON WAREHOUSE"],
    ["DATABASE", config.database, "GRANT USAGE ON DATABASE"],
    ["SCHEMA", config.schema, "GRANT USAGE ON SCHEMA"],
  ];
  for (const [column, wanted, grant] of checks) {
    if (wanted !== undefined && !same(row[column], wanted)) {
      throw new ProviderCheckError(
        "not_found",
        `${column.toLowerCase()} "${wanted}" does not exist or is not authorized for role ${role}: ${grant} ${wanted} TO ROLE ${role}.`,
        { providerResponse: { [column.toLowerCase()]: row[column] } },
      );
    }
  }
}
