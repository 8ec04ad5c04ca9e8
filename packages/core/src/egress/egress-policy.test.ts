import { describe, expect, it } from "vitest";
import { createEgressPolicy } from "./egress-policy.js";

const policy = createEgressPolicy();

// Every spelling of a non-public destination an attacker can hand to an HTTP or raw-socket client.
const REFUSED_ADDRESSES = [
  "127.0.0.1",
  "127.255.255.254",
  "2130706433", // decimal 127.0.0.1
  "0177.0.0.1", // octal
  "0x7f.0.0.1", // hex
  "0x7f000001",
  "127.1", // short form
  "017700000001",
  "0.0.0.0",
  "0",
  "10.0.0.1",
  "172.16.5.4",
  "172.31.255.255",
  "192.168.1.1",
  "169.254.169.254", // AWS/GCP/Azure metadata
  "169.254.170.2", // ECS task metadata
  "100.100.100.200", // Alibaba metadata
  "100.64.0.1", // CGNAT
  "224.0.0.1", // multicast
  "255.255.255.255",
  "240.0.0.1", // reserved
  "192.0.2.10", // documentation
  "198.18.0.1", // benchmarking
  "::1",
  "[::1]",
  "0:0:0:0:0:0:0:1",
  "::",
  "::ffff:127.0.0.1", // IPv4-mapped
  "::ffff:7f00:1",
  "[::ffff:169.254.169.254]",
  "::127.0.0.1", // IPv4-compatible
  "64:ff9b::7f00:1", // NAT64 of 127.0.0.1
  "64:ff9b::a00:1", // NAT64 of 10.0.0.1
  "64:ff9b:1::a9fe:a9fe", // local-use NAT64 of 169.254.169.254
  "2002:7f00:1::", // 6to4 of 127.0.0.1
  "2002:a9fe:a9fe::1", // 6to4 of the metadata address
  "fe80::1",
  "fe80::1%eth0",
  "FE80::ABCD",
  "fc00::1",
  "fd00:ec2::254", // AWS IPv6 metadata
  "ff02::1",
  "2001:db8::1",
];

const PUBLIC_ADDRESSES = [
  "93.184.216.34",
  "8.8.8.8",
  "1.1.1.1",
  "2606:4700:4700::1111",
  "::ffff:93.184.216.34",
  "64:ff9b::5db8:d822",
];

describe("egress policy: default", () => {
  it.each(REFUSED_ADDRESSES)("refuses %s with a reason", (address) => {
    const decision = policy.checkAddress(address);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).toMatch(/address|not an IP/);
  });

  it.each(PUBLIC_ADDRESSES)("allows the public address %s", (address) => {
    expect(policy.checkAddress(address)).toEqual({ allowed: true });
  });

  it("names what the address is", () => {
    expect(policy.checkAddress("0x7f.1")).toEqual({
      allowed: false,
      reason: "127.0.0.1 is a loopback address",
    });
    expect(policy.checkAddress("169.254.169.254")).toEqual({
      allowed: false,
      reason: "169.254.169.254 is a cloud metadata address",
    });
    expect(policy.checkAddress("64:ff9b::a00:1")).toMatchObject({
      reason: expect.stringMatching(/embeds 10\.0\.0\.1/),
    });
  });

  it.each([
    "localhost",
    "LOCALHOST.",
    "api.localhost",
    "metadata.google.internal",
    "db.internal",
    "printer.local",
    "host.localdomain",
    "[::1]",
    "2130706433",
  ])("refuses the host name %s before resolution", (hostname) => {
    expect(policy.checkHostname(hostname).allowed).toBe(false);
  });

  it("lets public names through to resolution, and refuses what is not an address", () => {
    expect(policy.checkHostname("api.example.com")).toEqual({ allowed: true });
    expect(policy.checkAddress("api.example.com").allowed).toBe(false);
    expect(policy.checkHostname("").allowed).toBe(false);
  });
});

describe("egress policy: operator rules", () => {
  it.each(REFUSED_ADDRESSES.filter((address) => !address.includes("%")))(
    "allows %s when the operator allows every range",
    (address) => {
      const open = createEgressPolicy({ allow: ["0.0.0.0/0", "::/0"] });
      expect(open.checkAddress(address)).toEqual({ allowed: true });
    },
  );

  it("allows loopback by CIDR, in its IPv4-mapped form too, and nothing else", () => {
    const tests = createEgressPolicy({ allow: ["127.0.0.0/8", "::1/128"] });
    expect(tests.checkAddress("127.0.0.2")).toEqual({ allowed: true });
    expect(tests.checkAddress("::ffff:127.0.0.1")).toEqual({ allowed: true });
    expect(tests.checkAddress("::1")).toEqual({ allowed: true });
    expect(tests.checkAddress("10.0.0.1").allowed).toBe(false);
    expect(tests.checkAddress("169.254.169.254").allowed).toBe(false);
  });

  it("lets an allowed host name reach its private addresses, and only that name", () => {
    const internal = createEgressPolicy({ allow: ["files.internal.example", "*.corp.example"] });
    expect(internal.checkHostname("files.internal.example")).toEqual({ allowed: true });
    expect(internal.checkAddress("10.1.2.3", "files.internal.example")).toEqual({ allowed: true });
    expect(internal.checkAddress("10.1.2.3", "FILES.internal.example.")).toEqual({ allowed: true });
    expect(internal.checkAddress("10.1.2.3", "sync.corp.example")).toEqual({ allowed: true });
    expect(internal.checkAddress("10.1.2.3", "corp.example").allowed).toBe(false);
    expect(internal.checkAddress("10.1.2.3", "other.example").allowed).toBe(false);
    expect(internal.checkAddress("10.1.2.3").allowed).toBe(false);
  });

  it("lets deny win over allow, for ranges and names", () => {
    const mixed = createEgressPolicy({
      allow: ["10.0.0.0/8", "*.corp.example"],
      deny: ["10.9.0.0/16", "secrets.corp.example", "203.0.113.7"],
    });
    expect(mixed.checkAddress("10.1.0.1")).toEqual({ allowed: true });
    expect(mixed.checkAddress("10.9.0.1").allowed).toBe(false);
    expect(mixed.checkHostname("secrets.corp.example").allowed).toBe(false);
    expect(mixed.checkAddress("10.1.0.1", "secrets.corp.example").allowed).toBe(false);
    expect(mixed.checkAddress("203.0.113.7").allowed).toBe(false);
  });

  it("throws at creation for an invalid entry, naming it", () => {
    expect(() => createEgressPolicy({ allow: ["10.0.0.0/33"] })).toThrow(/egress.allow: "10.0.0.0\/33"/);
    expect(() => createEgressPolicy({ deny: ["not a host!"] })).toThrow(/egress.deny: "not a host!"/);
  });
});
