import type { ConnectionRecord } from "@plugboard/core";

/** A connection as stored: its record, its config with secrets redacted, and the sealed secrets. */
export interface StoredConnection {
  record: ConnectionRecord;
  /** `provider_config` with every secret replaced by `***REDACTED***`. */
  config: unknown;
  /** The secret values, sealed with the core's key ring, bound to the organization and connection. */
  sealed: string;
}

/** Thrown by {@link ConnectionStore.insert} when the organization already has a connection of that name. */
export class DuplicateNameError extends Error {
  override readonly name = "DuplicateNameError";
}

/**
 * Where connections and API keys live. Every method is scoped to one organization: no call can read or
 * change another organization's connections.
 */
export interface ConnectionStore {
  /** The organization an API key (by its SHA-256 hash) belongs to. */
  organizationOfKey(keyHash: string): Promise<string | undefined>;
  addApiKey(organizationId: string, keyHash: string): Promise<void>;
  insert(connection: StoredConnection): Promise<void>;
  /** By `conn_…` id, else by name. */
  find(organizationId: string, identifier: string): Promise<StoredConnection | undefined>;
  list(organizationId: string): Promise<StoredConnection[]>;
  /** Every ACTIVE connection of every organization: what a health sweep re-tests. */
  listActive(): Promise<StoredConnection[]>;
  /** Replaces a stored connection (same organization and id). */
  save(connection: StoredConnection): Promise<void>;
  close(): Promise<void>;
}
