import type { Socket } from "node:net";
import {
  type ConnectionProvider,
  createEgressGuard,
  createEgressPolicy,
  type EgressGuardFactory,
  type Resolver,
} from "@plugboard/core";
import brightdata from "@plugboard/provider-brightdata";
import httpApi from "@plugboard/provider-http-api";
import postgresql from "@plugboard/provider-postgresql";
import rss from "@plugboard/provider-rss";
import s3 from "@plugboard/provider-s3";
import snowflake from "@plugboard/provider-snowflake";
import { clearEgressViolations, getEgressViolations } from "@plugboard/testkit";
import { afterAll, describe, expect, it } from "vitest";

/**
 * SSRF bypass attempts against every provider that takes a URL or a host from the tenant. Under the default
 * policy each must end `blocked_by_policy`; once the operator allows every range, the same config must get
 * past the policy (it then fails to connect, because the injected connector refuses: no packet ever
 * leaves loopback, even when the code under test is broken).
 */
const BYPASS_HOSTS = [
  "127.0.0.1",
  "127.255.255.254",
  "2130706433",
  "0177.0.0.1",
  "0x7f.0.0.1",
  "0x7f000001",
  "017700000001",
  "127.1",
  "0",
  "0.0.0.0",
  "10.0.0.1",
  "172.16.0.1",
  "192.168.1.1",
  "100.64.0.1",
  "169.254.169.254",
  "169.254.170.2",
  "100.100.100.200",
  "224.0.0.1",
  "[::1]",
  "[::]",
  "[::ffff:127.0.0.1]",
  "[::ffff:7f00:1]",
  "[::ffff:169.254.169.254]",
  "[64:ff9b::7f00:1]",
  "[64:ff9b::a9fe:a9fe]",
  "[2002:7f00:1::]",
  "[fe80::1]",
  "[fc00::1]",
  "[fd00:ec2::254]",
  "localhost",
  "api.localhost",
  "metadata.google.internal",
  "printer.local",
  "internal-db.example", // a public-looking name that resolves to a private address
];

/** Names resolve through this table only: real DNS is never asked. */
const resolver: Resolver = async (hostname) => {
  if (hostname === "internal-db.example") return [{ address: "10.20.30.40", family: 4 }];
  if (hostname === "localhost" || hostname.endsWith(".localhost"))
    return [{ address: "127.0.0.1", family: 4 }];
  throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
};

/** Refuses every connection the policy let through, recording it, so nothing is ever sent. */
const attempts: string[] = [];
const refusingConnector = ({ address, port }: { address: string; port: number }): Socket => {
  attempts.push(`${address}:${port}`);
  throw Object.assign(new Error(`connect ECONNREFUSED ${address}:${port} (test connector)`), {
    code: "ECONNREFUSED",
  });
};

const guards: EgressGuardFactory[] = [];
function guard(allowAll: boolean): EgressGuardFactory {
  const created = createEgressGuard({
    policy: createEgressPolicy(
      allowAll ? { allow: ["0.0.0.0/0", "::/0", "localhost", "*.localhost", "*.local", "*.internal"] } : {},
    ),
    resolver,
    connector: refusingConnector,
  });
  guards.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(guards.map((created) => created.close()));
});

const url = (host: string, path = "/") => `http://${host}:8080${path}`;
const PROVIDERS: Array<[string, ConnectionProvider, (host: string) => unknown]> = [
  ["http_api", httpApi, (host) => ({ base_url: url(host), auth: { type: "bearer", token: "t0ken-123" } })],
  ["rss", rss, (host) => ({ feed_url: url(host, "/feed.xml") })],
  [
    "s3",
    s3,
    (host) => ({
      bucket: "reports",
      region: "us-east-1",
      endpoint: url(host),
      force_path_style: true,
      credentials: { type: "access_key", access_key_id: "AKIAEXAMPLE", secret_access_key: "secret-123" },
    }),
  ],
  [
    "postgresql",
    postgresql,
    (host) => ({
      host,
      port: 5432,
      database: "app",
      user: "reader",
      password: "pw-123",
      ssl: { mode: "disable" },
    }),
  ],
  [
    "snowflake",
    snowflake,
    (host) => ({
      account: "acme",
      username: "reader",
      auth: { type: "password", password: "pw-123" },
      access_url: url(host),
    }),
  ],
  [
    "brightdata proxy",
    brightdata,
    (host) => ({ proxy: { customer_id: "hl_1a2b", zone: "z1", zone_password: "pw-123", host, port: 33335 } }),
  ],
];

describe.each(PROVIDERS)("SSRF: %s", (_type, provider, configFor) => {
  it("accepts every attempt as a config (the policy, not validation, must stop it)", () => {
    for (const host of BYPASS_HOSTS) {
      const result = provider.validate(configFor(host));
      expect(result.success, `${host}: ${JSON.stringify(result.success ? "" : result.issues)}`).toBe(true);
    }
  });

  it.each(BYPASS_HOSTS)("refuses %s under the default policy", async (host) => {
    const result = await provider.test(configFor(host), { egress: guard(false), timeoutMs: 5_000 });
    expect(result.details.result, result.message).toBe("blocked_by_policy");
  });

  it("lets every attempt past the policy when the operator allows it (and the test connector refuses)", async () => {
    const open = guard(true);
    for (const host of BYPASS_HOSTS) {
      const result = await provider.test(configFor(host), { egress: open, timeoutMs: 5_000 });
      expect(result.details.result, `${host}: ${result.message}`).not.toBe("blocked_by_policy");
    }
    // pg opens its own socket to the address the guard approved (ctx.egress.resolve), so the injected
    // connector does not see it; the testkit's setup refuses it before any packet, and records it.
    const violations = getEgressViolations();
    clearEgressViolations();
    if (provider.type !== "postgresql") expect(violations).toEqual([]);
  });
});
