import type { ConnectionRecord, KeyRing, SealContext } from "@plugboard/core";

/** Where a connection's sealed secrets are bound: its organization and id. */
export const sealContextOf = (keyRing: KeyRing, record: ConnectionRecord): SealContext => ({
  keyRing,
  organizationId: record.organization_id,
  connectionId: record.connection_id,
});
