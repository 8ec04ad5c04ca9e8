import { ProviderCheckError } from "@plugboard/core";
import type { SnowflakeConfig } from "./snowflake-schema.js";

/** One round trip: who the session is, and which configured objects it could actually use. */
export const SESSION_QUERY =
  "select current_user() as user, current_role() as role, current_warehouse() as warehouse, current_database() as database, current_schema() as schema, current_version() as version";

/** A row of {@link SESSION_QUERY}; Snowflake answers NULL for whatever the session has not set. */
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

/** A column's value, or undefined when it is absent, NULL or empty: a message must never print "null". */
export function present(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The first row of the session query. No row at all means the configured objects cannot be checked; that
 * is Snowflake's anomaly, not the configuration's, so it is a (retryable) provider error.
 */
export function sessionRowOf(rows: readonly unknown[] | undefined): SessionRow {
  const first = rows?.[0];
  if (typeof first !== "object" || first === null) {
    throw new ProviderCheckError(
      "provider_error",
      "Snowflake logged in but answered the session query with no row, so the role, warehouse, database and schema could not be checked; run the test again.",
      { providerResponse: { rows: rows?.length ?? 0 } },
    );
  }
  return first as SessionRow;
}

/**
 * Snowflake logs in even when the configured warehouse, database or schema is missing or not granted; it
 * just leaves it unset in the session. Each configured object must be the one the session really uses.
 */
export function assertSessionUses(row: SessionRow, config: SnowflakeConfig): void {
  const role = present(row.ROLE);
  const checks: Array<[keyof SessionRow, string | undefined, string]> = [
    ["WAREHOUSE", config.warehouse, "USAGE ON WAREHOUSE"],
    ["DATABASE", config.database, "USAGE ON DATABASE"],
    ["SCHEMA", config.schema, "USAGE ON SCHEMA"],
  ];
  for (const [column, wanted, privilege] of checks) {
    if (wanted !== undefined && !same(present(row[column]), wanted)) {
      const object = `${column.toLowerCase()} "${wanted}"`;
      throw new ProviderCheckError(
        "not_found",
        role === undefined
          ? `${object} is not usable by the session, which has no current role: set "role" (or the user's DEFAULT_ROLE) to a role with ${privilege} ${wanted}.`
          : `${object} does not exist or is not authorized for role ${role}: GRANT ${privilege} ${wanted} TO ROLE ${role}.`,
        { providerResponse: { [column.toLowerCase()]: present(row[column]) ?? null } },
      );
    }
  }
}

/** The success sentence, naming only what the session really has (the login user when it names none). */
export function sessionSummary(row: SessionRow, config: SnowflakeConfig): string {
  const user = present(row.USER) ?? config.username;
  const role = present(row.ROLE);
  const warehouse = present(row.WAREHOUSE);
  return `Logged in to ${config.account} as ${user}${role ? ` with role ${role}` : " (no current role)"}${warehouse ? `, warehouse ${warehouse}` : ""}.`;
}
