import {
  applyTestResult,
  type KeyRing,
  type ProviderRegistry,
  type TestResult,
  unsealConfig,
} from "@plugboard/core";
import { sealContextOf } from "../seal-context.js";
import type { ConnectionStore, StoredConnection } from "../store/connection-store.js";

/** What testing a stored connection needs. */
export interface RetestDeps {
  registry: ProviderRegistry;
  store: ConnectionStore;
  keyRing: KeyRing;
  now: () => Date;
}

/**
 * Tests a stored connection with its unsealed config and saves the lifecycle that follows (5 consecutive
 * failures suspend it): what the test route and the scheduled health checks both do.
 */
export async function retestConnection(deps: RetestDeps, stored: StoredConnection): Promise<TestResult> {
  const { record } = stored;
  const provider = await deps.registry.get(record.provider_type);
  const config = unsealConfig(stored, provider.secretFields, sealContextOf(deps.keyRing, record));
  const result = await deps.registry.test(record.provider_type, config);
  await deps.store.save({ ...stored, record: applyTestResult(record, result, deps.now()) });
  return result;
}
