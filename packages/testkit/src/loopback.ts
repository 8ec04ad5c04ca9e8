import { isIP } from "node:net";

/** Whether a host is loopback: 127.0.0.0/8, ::1, an IPv4-mapped loopback, or `localhost`. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === "") return true; // Node's default host is localhost
  const bare = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(bare);
  return false;
}
