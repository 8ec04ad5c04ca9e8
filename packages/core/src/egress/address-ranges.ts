import type ipaddr from "ipaddr.js";
import { ipaddrLib } from "./ipaddr-lib.js";

/** A parsed IPv4 or IPv6 address. */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Parses every spelling a socket client accepts: dotted, decimal (`2130706433`), octal (`0177.0.0.1`), hex
 * (`0x7f.1`), short (`127.1`), bracketed IPv6 (`[::1]`), zone ids (`fe80::1%eth0`). `undefined` for a name.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, "$1");
  const lib = ipaddrLib();
  if (!lib.isValid(bare)) return undefined;
  try {
    return lib.parse(bare);
  } catch {
    return undefined;
  }
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo client), if any. */
export function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const fromWords = (high: number, low: number) =>
    new (ipaddrLib().IPv4)([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const range = address.range();
  if (range === "ipv4Mapped") return address.toIPv4Address();
  if (
    parts.slice(0, 6).every((word: number) => word === 0) &&
    range !== "unspecified" &&
    range !== "loopback"
  ) {
    // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks), ::0.0.0.2 included.
    return fromWords(parts[6] ?? 0, parts[7] ?? 0);
  }
  if (range === "rfc6052" || (parts[0] === 0x64 && parts[1] === 0xff9b && parts[2] === 1)) {
    return fromWords(parts[6] ?? 0, parts[7] ?? 0); // NAT64 64:ff9b::/96 and 64:ff9b:1::/48
  }
  if (range === "6to4") return fromWords(parts[1] ?? 0, parts[2] ?? 0); // 2002:AABB:CCDD::/48
  if (range === "teredo") return fromWords((parts[6] ?? 0) ^ 0xffff, (parts[7] ?? 0) ^ 0xffff); // obfuscated client
  return undefined;
}

const LABELS: Record<string, string> = {
  unspecified: "an unspecified",
  broadcast: "a broadcast",
  multicast: "a multicast",
  linkLocal: "a link-local",
  loopback: "a loopback",
  carrierGradeNat: "a carrier-grade NAT (shared)",
  private: "a private",
  reserved: "a reserved",
  uniqueLocal: "a unique-local (private IPv6)",
  benchmarking: "a benchmarking",
  amt: "a reserved (AMT)",
  as112: "a reserved (AS112)",
  as112v6: "a reserved (AS112)",
  deprecatedSiteLocal: "a site-local (deprecated, private IPv6)",
  deprecatedOrchid: "a reserved (ORCHID)",
  orchid2: "a reserved (ORCHIDv2)",
  droneRemoteIdProtocolEntityTags: "a reserved (DRIP)",
  segmentRouting: "a reserved (segment routing)",
  rfc6145: "an IPv4-translated",
  discard: "a discard-only",
};

/** Ranges ipaddr.js files under "reserved", named more precisely in refusals. */
const NAMED_RANGES: Array<[cidr: string, label: string]> = [
  ["192.0.2.0/24", "a documentation"],
  ["198.51.100.0/24", "a documentation"],
  ["203.0.113.0/24", "a documentation"],
  ["2001:db8::/32", "a documentation"],
  ["3fff::/20", "a documentation"],
  ["198.18.0.0/15", "a benchmarking"],
];

let namedRanges: Array<[base: IpAddress, bits: number, label: string]> | undefined;

function rangeLabel(address: IpAddress, range: string): string {
  namedRanges ??= NAMED_RANGES.map(([cidr, label]) => [...ipaddrLib().parseCIDR(cidr), label]);
  for (const [base, bits, label] of namedRanges) {
    if (base.kind() === address.kind() && address.match(base as ipaddr.IPv4, bits)) return label;
  }
  return LABELS[range] ?? `a non-public (${range})`;
}

/** Cloud metadata endpoints, named in refusals because they are the usual target of an SSRF. */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2"]);

/**
 * Why the default policy refuses an address, or `undefined` when it is a public unicast address. An
 * IPv6 address carrying an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) is judged by that IPv4 address.
 */
export function nonPublicReason(address: IpAddress): string | undefined {
  const text = address.toString();
  if (METADATA_ADDRESSES.has(text)) return `${text} is a cloud metadata address`;
  const range = address.range();
  if (address.kind() === "ipv6") {
    const inner = embeddedIpv4(address as ipaddr.IPv6);
    if (inner) {
      const innerReason = nonPublicReason(inner);
      return innerReason ? `${text} embeds ${inner.toString()}, and ${innerReason}` : undefined;
    }
  }
  if (range === "unicast") return undefined;
  return `${text} is ${rangeLabel(address, range)} address`;
}
