import type { ConnectionRecord } from "./connection-record.js";

/** The fields {@link resolveConnection} looks at. */
export type IdentifiableConnection = Pick<ConnectionRecord, "connection_id" | "name">;

/**
 * Finds a connection by the seed API's `{connection_identifier}`: a `conn_…` id or an exact name (names
 * are unique per organization, so pass one organization's records). An id wins: when one record's id and
 * another's name both equal `identifier`, the id's record is returned. `undefined` when none matches.
 */
export function resolveConnection<T extends IdentifiableConnection>(
  records: Iterable<T>,
  identifier: string,
): T | undefined {
  let byName: T | undefined;
  for (const record of records) {
    if (record.connection_id === identifier) return record;
    if (byName === undefined && record.name === identifier) byName = record;
  }
  return byName;
}

/**
 * Whether `record` is the one `identifier` names, for filtering in a query or a loop: its id or its exact
 * name. Prefer {@link resolveConnection} over a list, which also applies "an id wins over a name".
 */
export function matchesConnectionIdentifier(record: IdentifiableConnection, identifier: string): boolean {
  return record.connection_id === identifier || record.name === identifier;
}
