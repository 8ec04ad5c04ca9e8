/** Connections and look-ups a test tried to make outside loopback, recorded by the no-egress setup. */
export interface EgressViolation {
  kind: "connect" | "dns";
  target: string;
  stack?: string;
}

const RECORD = Symbol.for("plugboard.testkit.egress-violations");
const store = globalThis as unknown as { [RECORD]?: EgressViolation[] };

/** The shared record (one per process, whichever copy of the testkit wrote it). */
function violations(): EgressViolation[] {
  store[RECORD] ??= [];
  return store[RECORD];
}

/** Records one violation. */
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
