/** Tunables of the connection lifecycle. */
export interface LifecyclePolicy {
  /** Consecutive counted failures that suspend an ACTIVE connection (the seed's 5). A positive integer. */
  suspendAfter: number;
  /**
   * Transient failures (network_error, timeout, rate_limited, provider_error) count at most once per
   * window of this many milliseconds, so one provider outage cannot suspend every connection at once.
   * 0 counts every transient failure.
   */
  transientCooldownMs: number;
}

/** The defaults: suspend after 5 counted failures; transient failures count at most once per 15 minutes. */
export const DEFAULT_LIFECYCLE_POLICY: Readonly<LifecyclePolicy> = Object.freeze({
  suspendAfter: 5,
  transientCooldownMs: 15 * 60_000,
});

/**
 * The defaults overridden by `overrides`, checked: throws a `RangeError` for a `suspendAfter` that is not a
 * positive integer or a `transientCooldownMs` that is negative or not finite.
 */
export function resolveLifecyclePolicy(overrides: Partial<LifecyclePolicy> = {}): LifecyclePolicy {
  const policy = { ...DEFAULT_LIFECYCLE_POLICY, ...stripUndefined(overrides) };
  if (!Number.isSafeInteger(policy.suspendAfter) || policy.suspendAfter < 1) {
    throw new RangeError(`suspendAfter must be a positive integer, got ${String(policy.suspendAfter)}.`);
  }
  if (!Number.isFinite(policy.transientCooldownMs) || policy.transientCooldownMs < 0) {
    throw new RangeError(
      `transientCooldownMs must be a finite number of milliseconds >= 0, got ${String(policy.transientCooldownMs)}.`,
    );
  }
  return policy;
}

// `{ suspendAfter: undefined }` means "the default", not "no limit".
function stripUndefined(overrides: Partial<LifecyclePolicy>): Partial<LifecyclePolicy> {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
