export { embeddedIpv4, nonPublicReason, parseIpAddress } from "./address-ranges.js";
export { EgressBlockedError, findEgressBlockedError, isEgressBlockedError } from "./egress-blocked-error.js";
export { createEgressGuard, type EgressGuardFactory } from "./egress-guard.js";
export { createEgressPolicy, normalizeHostname } from "./egress-policy.js";
export { TooManyRedirectsError } from "./guarded-fetch.js";
export type { GuardedHttpResponse, GuardedRequestInit } from "./guarded-request.js";
export { resolveApproved, systemConnector, systemResolver } from "./open-socket.js";
export { applyOriginOverrides, compileOriginOverrides, type OriginOverrides } from "./origin-overrides.js";
export type * from "./types.js";
