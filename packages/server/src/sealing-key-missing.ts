import { SecretSealError, unsealConfig } from "@plugboard/core";
import type { RetestDeps } from "./health/retest.js";
import { sealContextOf } from "./seal-context.js";
import type { StoredConnection } from "./store/connection-store.js";

/**
 * A stored connection whose secrets were sealed with a key that is not in the server's key ring
 * (`PLUGBOARD_SECRET_KEYS`): an operator removed the key too early during a rotation. Nothing is wrong with
 * the connection, and the tenant cannot fix it; the app answers it with `sealing_key_missing`.
 */
export class SealingKeyMissingError extends Error {
  override readonly name = "SealingKeyMissingError";

  constructor(
    /** The id of the key the secrets were sealed with (key ids are never secret). */
    readonly keyId: string,
    readonly organizationId: string,
    readonly connectionId: string,
  ) {
    super(
      `The secrets of this connection were sealed with key "${keyId}", which is not in PLUGBOARD_SECRET_KEYS; the server's operator must add that key back (see docs/guides/server.md#rotating-keys). Nothing about the connection needs to change.`,
    );
  }
}

/** How many connections are remembered as reported; past it the oldest is forgotten (and may be reported again). */
const MAX_REPORTED = 10_000;
/** Connections already reported in this process, oldest first (a Set keeps insertion order). */
const reported = new Set<string>();

/** Logs a connection's missing key for the operator once per process, not on every request or sweep. */
function reportOnce(log: RetestDeps["log"], error: SealingKeyMissingError): void {
  const entry = `${error.organizationId}/${error.connectionId}/${error.keyId}`;
  if (!log || reported.has(entry)) return;
  reported.add(entry);
  if (reported.size > MAX_REPORTED) reported.delete(reported.values().next().value as string);
  log({
    level: "warn",
    event: "sealing_key_missing",
    organization: error.organizationId,
    connection: error.connectionId,
    key_id: error.keyId,
    message: `The secrets of connection ${error.connectionId} (organization ${error.organizationId}) were sealed with key "${error.keyId}", which is not in PLUGBOARD_SECRET_KEYS: add that key back (docs/guides/server.md#rotating-keys). Logged once per connection.`,
  });
}

/**
 * A stored connection's config with its secrets unsealed: what every route and re-test that needs the secrets
 * calls. A key missing from the ring becomes a {@link SealingKeyMissingError} (logged once per connection);
 * any other failure to open the secrets is thrown as it is.
 */
export function unsealStoredConfig(
  deps: Pick<RetestDeps, "keyRing" | "log">,
  stored: StoredConnection,
  secretFields: readonly string[],
): unknown {
  try {
    return unsealConfig(stored, secretFields, sealContextOf(deps.keyRing, stored.record));
  } catch (cause) {
    if (!(cause instanceof SecretSealError) || cause.code !== "unknown_key" || cause.keyId === undefined)
      throw cause;
    const { organization_id, connection_id } = stored.record;
    const error = new SealingKeyMissingError(cause.keyId, organization_id, connection_id);
    reportOnce(deps.log, error);
    throw error;
  }
}
