import type ipaddr from "ipaddr.js";
import { type IpAddress, nonPublicReason, parseIpAddress } from "./address-ranges.js";
import { ipaddrLib } from "./ipaddr-lib.js";
import type { EgressDecision, EgressOptions, EgressPolicy } from "./types.js";

/** Host names refused by default whatever they resolve to: defence in depth against internal names. */
const DEFAULT_DENIED_NAMES = [
  "localhost",
  "*.localhost",
  "metadata.google.internal",
  "*.internal",
  "*.local",
  "*.localdomain",
];

type Rule = { kind: "range"; range: [IpAddress, number]; text: string } | { kind: "name"; pattern: string };

const HOST_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Lower-cases a host name and drops brackets and a trailing dot, so equal names compare equal. */
export function normalizeHostname(hostname: string): string {
  return hostname
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

function parseRule(entry: string, option: "allow" | "deny"): Rule {
  const text = normalizeHostname(entry);
  if (text.includes("/")) {
    try {
      return { kind: "range", range: ipaddrLib().parseCIDR(text), text };
    } catch {
      throw new TypeError(
        `egress.${option}: "${entry}" is not a valid CIDR range (e.g. 10.0.0.0/8, fd00::/8).`,
      );
    }
  }
  const address = parseIpAddress(text);
  if (address) return { kind: "range", range: [address, address.kind() === "ipv4" ? 32 : 128], text };
  if (!HOST_NAME.test(text)) {
    throw new TypeError(
      `egress.${option}: "${entry}" is neither an IP address, a CIDR range nor a host name.`,
    );
  }
  return { kind: "name", pattern: text };
}

function nameMatches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith("*."))
    return hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1;
  return hostname === pattern;
}

/** Every form of the address a range rule could be written against (IPv4-mapped IPv6 also as IPv4). */
function addressForms(address: IpAddress): IpAddress[] {
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return [address, (address as ipaddr.IPv6).toIPv4Address()];
  }
  return [address];
}

function rangeMatches(rule: Extract<Rule, { kind: "range" }>, address: IpAddress): boolean {
  return addressForms(address).some(
    (form) => form.kind() === rule.range[0].kind() && form.match(rule.range as [ipaddr.IPv4, number]),
  );
}

/**
 * Builds the egress policy: public unicast addresses are allowed; loopback, private, link-local, CGNAT,
 * unspecified, multicast, reserved and cloud-metadata addresses — in every IPv4 and IPv6 spelling,
 * including IPv6 forms that embed an IPv4 address — are refused, as are internal host names. `allow`
 * entries (CIDR, address, host name or `*.suffix`) let destinations through; `deny` entries always win.
 * Invalid entries throw at creation, naming the entry.
 */
export function createEgressPolicy(options: EgressOptions = {}): EgressPolicy {
  const allow = (options.allow ?? []).map((entry) => parseRule(entry, "allow"));
  const deny = (options.deny ?? []).map((entry) => parseRule(entry, "deny"));
  const defaultDenied = DEFAULT_DENIED_NAMES.map((pattern) => ({ kind: "name", pattern }) as const);
  const allowedName = (hostname: string) =>
    allow.some((rule) => rule.kind === "name" && nameMatches(rule.pattern, hostname));
  const deniedName = (hostname: string) =>
    deny.some((rule) => rule.kind === "name" && nameMatches(rule.pattern, hostname));

  const checkAddress = (addressText: string, hostname?: string): EgressDecision => {
    const address = parseIpAddress(addressText);
    if (!address) return { allowed: false, reason: `"${addressText}" is not an IP address` };
    const text = address.toString();
    const denyRule = deny.find((rule) => rule.kind === "range" && rangeMatches(rule, address));
    if (denyRule)
      return {
        allowed: false,
        reason: `${text} is in the denied range ${(denyRule as { text: string }).text}`,
      };
    const name = hostname === undefined ? undefined : normalizeHostname(hostname);
    if (name !== undefined && deniedName(name)) return { allowed: false, reason: `${name} is a denied host` };
    if (name !== undefined && allowedName(name)) return { allowed: true };
    if (allow.some((rule) => rule.kind === "range" && rangeMatches(rule, address))) return { allowed: true };
    const reason = nonPublicReason(address);
    return reason ? { allowed: false, reason } : { allowed: true };
  };

  const checkHostname = (hostnameText: string): EgressDecision => {
    const hostname = normalizeHostname(hostnameText);
    if (hostname.length === 0) return { allowed: false, reason: "the host name is empty" };
    if (parseIpAddress(hostname)) return checkAddress(hostname);
    if (deniedName(hostname)) return { allowed: false, reason: `${hostname} is a denied host` };
    if (allowedName(hostname)) return { allowed: true };
    if (defaultDenied.some((rule) => nameMatches(rule.pattern, hostname))) {
      return { allowed: false, reason: `${hostname} is an internal host name` };
    }
    return { allowed: true };
  };

  return { checkAddress, checkHostname };
}
