import {
  type ConnectionProvider,
  createEgressGuard,
  createEgressPolicy,
  type EgressGuardFactory,
  type TestOptions,
  type TestResult,
} from "@plugboard/core";

/** Loopback in both families: where every fake of a test listens. */
const LOOPBACK = ["127.0.0.0/8", "::1/128"];

/**
 * An egress guard for tests: loopback allowed, every other address refused as the default policy would, and
 * `origins` sending a provider's real origins to local fakes (`{ "https://graph.instagram.com": fake.url }`).
 * Close it when done.
 */
export function createLoopbackGuard(origins?: Record<string, string>): EgressGuardFactory {
  return createEgressGuard({
    policy: createEgressPolicy({ allow: LOOPBACK }),
    ...(origins ? { origins } : {}),
  });
}

/** Options of {@link testOnLoopback}: the test's own options, and where real origins go. */
export type LoopbackTestOptions = Omit<TestOptions, "egress"> & { origins?: Record<string, string> };

/**
 * Runs one `provider.test(config)` through a guard of its own ({@link createLoopbackGuard}), closed when the
 * test ends, so no pooled connection outlives it.
 */
export async function testOnLoopback(
  provider: ConnectionProvider,
  config: unknown,
  { origins, ...options }: LoopbackTestOptions = {},
): Promise<TestResult> {
  const egress = createLoopbackGuard(origins);
  try {
    return await provider.test(config, { ...options, egress });
  } finally {
    await egress.close();
  }
}
