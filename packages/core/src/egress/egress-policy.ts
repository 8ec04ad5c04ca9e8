import { domainToASCII } from "node:url";
import type ipaddr from "ipaddr.js";
import { embeddedIpv4, type IpAddress, nonPublicReason, parseIpAddress } from "./address-ranges.js";
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

/**
 * Lower-cases a host name, drops brackets and trailing dots, and turns an internationalized name into its
 * ASCII (punycode) form, so equal names compare equal (`ＬＯＣＡＬＨＯＳＴ.` is `localhost`).
 */
export function normalizeHostname(hostname: string): string {
  const bare = hostname
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.+$/, "");
  if (!/[\u0080-\uffff]/.test(bare)) return bare;
  const wildcard = bare.startsWith("*.") ? "*." : "";
  const ascii = domainToASCII(bare.slice(wildcard.length)).replace(/\.+$/, "");
  return ascii ? `${wildcard}${ascii}` : bare;
}

function parseRule(entry: string, option: "allow" | "deny"): Rule {
  const text = normalizeHostname(entry);
  if (text.includes("://")) {
    throw new TypeError(`egress.${option}: "${entry}" is a URL; give its host name or address instead.`);
  }
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
  // A name whose last label is numeric would be read as an IPv4 address by URL parsers (`999.1.1.1`).
  const numericEnd = /(^|\.)(\d+|0x[0-9a-f]*)$/.test(text);
  if (numericEnd || !HOST_NAME.test(text)) {
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

/**
 * Every form of the address a range rule could be written against: an IPv6 address carrying an IPv4 one
 * (mapped, compatible, NAT64, 6to4, Teredo) also as that IPv4 address, so `deny: ["203.0.113.7"]` cannot be
 * dodged by writing `64:ff9b::cb00:7107`.
 */
function addressForms(address: IpAddress): IpAddress[] {
  const inner = address.kind() === "ipv6" ? embeddedIpv4(address as ipaddr.IPv6) : undefined;
  return inner ? [address, inner] : [address];
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
