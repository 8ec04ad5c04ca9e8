/**
 * @plugboard/testkit — the conformance suite every Plugboard provider runs, fake servers on loopback that
 * answer, delay, stall or reset, and a setup file that keeps tests off the network.
 *
 * @packageDocumentation
 */
export * from "./conformance/index.js";
export { clearEgressViolations, type EgressViolation, getEgressViolations } from "./egress-violations.js";
export { isLoopbackHost } from "./loopback.js";
export { createLoopbackGuard, type LoopbackTestOptions, testOnLoopback } from "./loopback-guard.js";
export * from "./servers.js";
