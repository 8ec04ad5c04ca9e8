import { isIP } from "node:net";

/** An IPv6 literal in its canonical compressed form (`0:0:0:0:0:0:0:1` → `::1`, `::ffff:127.0.0.1` → `::ffff:7f00:1`). */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/**
 * Whether a host is loopback: `localhost`, 127.0.0.0/8, `::1`, or an IPv4-mapped 127.x address (any
 * spelling, with or without brackets). An empty or missing host counts, because Node then connects to
 * `localhost`. Every other name is not loopback: deciding would take a DNS query.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === "") return true;
  const bare = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (bare === "localhost") return true;
  const version = isIP(bare);
  if (version === 4) return bare.startsWith("127.");
  if (version === 6) {
    const canonical = canonicalIpv6(bare.replace(/%.*$/, "")); // a zone id is not part of the address
    return canonical === "::1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
  }
  return false;
}
