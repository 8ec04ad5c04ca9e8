import { describe, expect, it } from "vitest";
import { DEFAULT_LIFECYCLE_POLICY, resolveLifecyclePolicy } from "./lifecycle-policy.js";

describe("resolveLifecyclePolicy", () => {
  it("defaults to suspending after 5 and a 15-minute transient cooldown", () => {
    expect(DEFAULT_LIFECYCLE_POLICY).toEqual({ suspendAfter: 5, transientCooldownMs: 900_000 });
    expect(resolveLifecyclePolicy()).toEqual(DEFAULT_LIFECYCLE_POLICY);
    expect(Object.isFrozen(DEFAULT_LIFECYCLE_POLICY)).toBe(true);
  });

  it("overrides field by field; undefined keeps the default", () => {
    expect(resolveLifecyclePolicy({ suspendAfter: 3 })).toEqual({
      suspendAfter: 3,
      transientCooldownMs: 900_000,
    });
    expect(resolveLifecyclePolicy({ suspendAfter: undefined, transientCooldownMs: 0 })).toEqual({
      suspendAfter: 5,
      transientCooldownMs: 0,
    });
  });

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects suspendAfter %s", (suspendAfter) => {
    expect(() => resolveLifecyclePolicy({ suspendAfter })).toThrow(/suspendAfter must be a positive integer/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects transientCooldownMs %s",
    (transientCooldownMs) => {
      expect(() => resolveLifecyclePolicy({ transientCooldownMs })).toThrow(/transientCooldownMs must be/);
    },
  );
});
