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
  "0X7F000001", // upper-case hex
  "00000177.0.0.01", // padded octal
  "4294967295", // decimal 255.255.255.255
  "100.127.255.254", // top of CGNAT
  "192.0.0.8", // IETF protocol assignments
  "198.51.100.7", // documentation
  "203.0.113.9", // documentation
  "::2", // IPv4-compatible 0.0.0.2
  "::7f00:1", // IPv4-compatible 127.0.0.1, hex words
  "::FFFF:A9FE:A9FE", // mapped metadata, upper case
  "[FE80::1%25eth0]", // bracketed, zone id
  "fec0::1", // site-local (deprecated)
  "2001:2::1", // benchmarking
  "2001::80ff:fffe", // Teredo, client 127.0.0.1
  "[fd00:ec2::254]",
  "64:ff9b::100.100.100.200", // NAT64 of the Alibaba metadata address, dotted
  "100::1", // discard-only
];

const PUBLIC_ADDRESSES = [
  "93.184.216.34",
  "8.8.8.8",
  "1.1.1.1",
  "2606:4700:4700::1111",
  "::ffff:93.184.216.34",
  "64:ff9b::5db8:d822",
  "2002:808:808::1", // 6to4 of 8.8.8.8
  "::8.8.8.8",
  "0x5db8d822", // hex 93.184.216.34
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

  it("tests at least 40 refused spellings", () => {
    expect(REFUSED_ADDRESSES.length).toBeGreaterThanOrEqual(40);
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
    expect(policy.checkAddress("[::ffff:10.0.0.1]")).toEqual({
      allowed: false,
      reason: "::ffff:a00:1 embeds 10.0.0.1, and 10.0.0.1 is a private address",
    });
    expect(policy.checkAddress("192.0.2.10")).toEqual({
      allowed: false,
      reason: "192.0.2.10 is a documentation address",
    });
    expect(policy.checkAddress("198.18.0.1")).toEqual({
      allowed: false,
      reason: "198.18.0.1 is a benchmarking address",
    });
    expect(policy.checkAddress("100.64.0.1")).toMatchObject({
      reason: expect.stringMatching(/carrier-grade/),
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
    "Metadata.Google.Internal.",
    "foo.LOCAL",
    "localhost..",
    "ＬＯＣＡＬＨＯＳＴ", // full-width letters normalize to localhost
    "１２７.０.０.１", // full-width digits normalize to 127.0.0.1
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
  it.each(REFUSED_ADDRESSES)("allows %s when the operator allows every range", (address) => {
    const open = createEgressPolicy({ allow: ["0.0.0.0/0", "::/0"] });
    expect(open.checkAddress(address)).toEqual({ allowed: true });
  });

  it.each([
    ["10.0.0.0/8", "10.1.2.3", "172.16.0.1"],
    ["172.16.0.0/12", "172.20.0.1", "192.168.0.1"],
    ["192.168.0.0/16", "192.168.1.1", "10.0.0.1"],
    ["169.254.169.254", "169.254.169.254", "169.254.169.253"],
    ["169.254.0.0/16", "[::ffff:169.254.169.254]", "fe80::1"],
    ["100.64.0.0/10", "100.100.100.200", "169.254.169.254"],
    ["127.0.0.0/8", "2130706433", "::1"],
    ["127.0.0.0/8", "0x7f.1", "0.0.0.0"],
    ["127.0.0.0/8", "64:ff9b::7f00:1", "64:ff9b::a00:1"],
    ["::1/128", "[::1]", "127.0.0.1"],
    ["::1", "0:0:0:0:0:0:0:1", "::"],
    ["fe80::/10", "fe80::1%eth0", "169.254.0.1"],
    ["fc00::/7", "fd12:3456::1", "fe80::1"],
    ["fd00:ec2::254", "FD00:EC2::254", "fd00:ec2::253"],
    ["224.0.0.0/4", "224.0.0.251", "ff02::fb"],
  ])("allow %s lets %s through, but not %s", (range, address, neighbour) => {
    const operator = createEgressPolicy({ allow: [range] });
    expect(operator.checkAddress(address)).toEqual({ allowed: true });
    expect(operator.checkHostname(address)).toEqual({ allowed: true });
    expect(operator.checkAddress(neighbour).allowed).toBe(false);
  });

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

  it("lets deny win over an allowed host name, and catches IPv6 spellings of a denied IPv4 address", () => {
    const mixed = createEgressPolicy({ allow: ["files.corp.example"], deny: ["10.9.0.0/16", "8.8.8.8"] });
    expect(mixed.checkAddress("10.1.0.1", "files.corp.example")).toEqual({ allowed: true });
    expect(mixed.checkAddress("10.9.0.1", "files.corp.example").allowed).toBe(false);
    for (const spelling of ["8.8.8.8", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::", "134744072"]) {
      expect(mixed.checkAddress(spelling)).toMatchObject({
        allowed: false,
        reason: /denied range 8\.8\.8\.8/,
      });
    }
    expect(createEgressPolicy({ deny: ["*.example.org"] }).checkHostname("api.EXAMPLE.org.").allowed).toBe(
      false,
    );
  });

  it("lets an operator allow an internal name the default list refuses", () => {
    const internal = createEgressPolicy({ allow: ["metadata.google.internal", "*.svc.local"] });
    expect(internal.checkHostname("metadata.google.internal")).toEqual({ allowed: true });
    expect(internal.checkHostname("db.svc.local")).toEqual({ allowed: true });
    expect(internal.checkAddress("169.254.169.254", "metadata.google.internal")).toEqual({ allowed: true });
    expect(internal.checkHostname("other.internal").allowed).toBe(false);
  });

  it("matches internationalized names in their punycode form", () => {
    const idn = createEgressPolicy({ deny: ["bücher.example"] });
    expect(idn.checkHostname("xn--bcher-kva.example").allowed).toBe(false);
    expect(idn.checkHostname("BÜCHER.example").allowed).toBe(false);
  });

  it.each([
    ["allow", "10.0.0.0/33"],
    ["allow", "10.0.0.0/8/8"],
    ["deny", "not a host!"],
    ["deny", "999.1.1.1"],
    ["allow", "https://api.example.com"],
    ["allow", "*"],
    ["allow", ""],
    ["deny", "*.*.example"],
  ] as const)("throws at creation for the invalid %s entry %j, naming it", (option, entry) => {
    expect(() => createEgressPolicy({ [option]: ["127.0.0.1", entry] })).toThrow(
      new RegExp(`^egress\\.${option}: "${entry.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}"`),
    );
  });
});
