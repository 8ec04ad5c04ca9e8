/** A connection or look-up a test tried to make outside loopback, recorded by the no-egress setup. */
export interface EgressViolation {
  /** `connect`: a TCP/TLS socket or UDP datagram; `dns`: a name look-up or a query to a DNS server. */
  kind: "connect" | "dns";
  /** What was refused, e.g. `93.184.216.34:443`, `example.com`, `resolve4 localhost via 10.0.0.53`. */
  target: string;
  /** Where it was attempted. */
  stack?: string;
}

// One record per process, shared by every bundled copy of the testkit (index and setup are separate entries).
const RECORD = Symbol.for("plugboard.testkit.egress-violations");
const store = globalThis as unknown as { [RECORD]?: EgressViolation[] };

function violations(): EgressViolation[] {
  store[RECORD] ??= [];
  return store[RECORD];
}

/** Records one violation (the no-egress setup calls it; tests normally need not). */
export function recordEgressViolation(violation: EgressViolation): void {
  violations().push(violation);
}

/** Violations recorded since the last clear; for tests that provoke a refusal on purpose. */
export function getEgressViolations(): EgressViolation[] {
  return [...violations()];
}

/** Forgets recorded violations (call it after asserting an expected refusal). */
export function clearEgressViolations(): void {
  violations().length = 0;
}

/**
 * Throws if any violation was recorded, listing them with where the first one happened, and clears the
 * record either way (so one leak fails one test, not every test after it). The setup's hooks call it.
 */
export function assertNoEgressViolations(): void {
  const recorded = getEgressViolations();
  clearEgressViolations();
  if (recorded.length === 0) return;
  const list = recorded.map((violation) => `  - ${violation.kind} ${violation.target}`).join("\n");
  const error = new Error(
    `The test tried to reach outside loopback (refused before any packet was sent):\n${list}\n` +
      "If the code under test swallowed the error, this is the bug. A test that provokes it on purpose " +
      "asserts getEgressViolations() and then calls clearEgressViolations().",
  );
  const firstStack = recorded[0]?.stack;
  if (firstStack) error.stack = `${error.message}\nFirst attempt:\n${firstStack}`;
  throw error;
}
