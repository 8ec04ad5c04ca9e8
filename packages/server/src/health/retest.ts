import { applyTestResult, type KeyRing, type ProviderRegistry, type TestResult } from "@plugboard/core";
import { unsealStoredConfig } from "../sealing-key-missing.js";
import type { ConnectionStore, StoredConnection } from "../store/connection-store.js";

/** What testing a stored connection needs. */
export interface RetestDeps {
  registry: ProviderRegistry;
  store: ConnectionStore;
  keyRing: KeyRing;
  now: () => Date;
  /**
   * Where warnings for the operator go (the app's request log): a connection sealed with a key missing from
   * the key ring is reported here once per connection. Lines never carry a secret.
   */
  log?: ((line: Record<string, unknown>) => void) | undefined;
}

/**
 * Tests a stored connection with its unsealed config and saves the lifecycle that follows (5 consecutive
 * failures suspend it): what the test route and the scheduled health checks both do.
 *
 * Secrets sealed with a key missing from the key ring throw `SealingKeyMissingError` before anything is
 * tested or saved: that is the operator's mistake (a key removed too early), not a failure of the connection,
 * so it never counts towards suspending it, and the connection is tested normally once the key is back.
 */
export async function retestConnection(deps: RetestDeps, stored: StoredConnection): Promise<TestResult> {
  const { record } = stored;
  const provider = await deps.registry.get(record.provider_type);
  const config = unsealStoredConfig(deps, stored, provider.secretFields);
  const result = await deps.registry.test(record.provider_type, config);
  await deps.store.save({ ...stored, record: applyTestResult(record, result, deps.now()) });
  return result;
}
