import { connect, type Socket } from "node:net";
import {
  type ConnectionProvider,
  createEgressGuard,
  createEgressPolicy,
  type EgressGuardFactory,
  type Resolver,
} from "@plugboard/core";
import httpApi from "@plugboard/provider-http-api";
import postgresql from "@plugboard/provider-postgresql";
import rss from "@plugboard/provider-rss";
import s3 from "@plugboard/provider-s3";
import snowflake from "@plugboard/provider-snowflake";
import {
  type FakeHttpServer,
  type FakeTcpServer,
  getEgressViolations,
  startFakeHttpServer,
  startFakeTcpServer,
} from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The two SSRF attempts ssrf.test.ts cannot express as a host string, run through each provider that takes
 * a URL or host: a public-looking site redirecting to a private address, and DNS rebinding (the first
 * answer public, every later one private). 127.0.0.1 stands for "public" (the only range the policy
 * allows); `private.example` and the later answers for `rebind.example` are 10.20.30.40, which must never
 * be connected to. rss follows redirects and must report `blocked_by_policy`; http_api refuses a redirect
 * to another host by itself (`invalid_config`, before any connection); the others do not follow redirects
 * and must simply never reach the private address.
 */
const PRIVATE = "10.20.30.40";
const REDIRECT_REFUSAL: Record<string, string> = { rss: "blocked_by_policy", http_api: "invalid_config" };
/** Requests and connections the local servers have received: proof the provider got as far as them. */
const hits = () => redirecting.requests.length + closing.connections();

let redirecting: FakeHttpServer;
let closing: FakeTcpServer;
beforeAll(async () => {
  // Every answer closes the connection, so a second request must open (and check) a new one.
  redirecting = await startFakeHttpServer((request, reply) =>
    reply.send({
      status: 302,
      headers: {
        location: request.url.pathname.startsWith("/next")
          ? `http://private.example:${redirecting.port}/secret`
          : `http://${request.headers.host}/next${request.url.pathname}`,
        connection: "close",
      },
      body: "",
    }),
  );
  closing = await startFakeTcpServer("close");
});
afterAll(async () => {
  await Promise.all([redirecting.close(), closing.close(), ...guards.map((guard) => guard.close())]);
});

const guards: EgressGuardFactory[] = [];
/** A guard that allows only 127.0.0.1 and records every address it really connects to. */
function recordingGuard(resolver: Resolver): { guard: EgressGuardFactory; connected: string[] } {
  const connected: string[] = [];
  const guard = createEgressGuard({
    policy: createEgressPolicy({ allow: ["127.0.0.1/32"] }),
    resolver,
    connector: ({ address, port }): Socket => {
      connected.push(address);
      return connect({ host: address, port });
    },
  });
  guards.push(guard);
  return { guard, connected };
}

const publicAndPrivate: Resolver = async (hostname) => {
  if (hostname === "public.example") return [{ address: "127.0.0.1", family: 4 }];
  if (hostname === "private.example") return [{ address: PRIVATE, family: 4 }];
  throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
};

/** `rebind.example` answers 127.0.0.1 once, then 10.20.30.40 for ever. */
function rebinding(): { resolver: Resolver; lookups: () => number } {
  let lookups = 0;
  return {
    lookups: () => lookups,
    resolver: async (hostname) => {
      if (hostname !== "rebind.example") return publicAndPrivate(hostname);
      lookups++;
      return [{ address: lookups === 1 ? "127.0.0.1" : PRIVATE, family: 4 }];
    },
  };
}

type Target = [type: string, provider: ConnectionProvider, config: (host: string) => unknown];
const TARGETS: Target[] = [
  [
    "http_api",
    httpApi,
    (host) => ({
      base_url: `http://${host}:${redirecting.port}`,
      auth: { type: "bearer", token: "t0ken-123" },
    }),
  ],
  ["rss", rss, (host) => ({ feed_url: `http://${host}:${redirecting.port}/feed.xml` })],
  [
    "s3",
    s3,
    (host) => ({
      bucket: "reports",
      region: "us-east-1",
      endpoint: `http://${host}:${redirecting.port}`,
      force_path_style: true,
      credentials: { type: "access_key", access_key_id: "AKIAEXAMPLE", secret_access_key: "secret-123" },
    }),
  ],
  [
    "snowflake",
    snowflake,
    (host) => ({
      account: "acme",
      username: "reader",
      auth: { type: "password", password: "pw-123" },
      access_url: `http://${host}:${redirecting.port}`,
    }),
  ],
  [
    "postgresql",
    postgresql,
    (host) => ({
      host,
      port: closing.port,
      database: "app",
      user: "reader",
      password: "pw-123",
      ssl: { mode: "disable" },
    }),
  ],
];

describe.each(TARGETS)("SSRF through %s", (type, provider, configFor) => {
  it("never reaches a private address a public-looking site redirects to", async () => {
    const { guard, connected } = recordingGuard(publicAndPrivate);
    const before = hits();
    const result = await provider.test(configFor("public.example"), { egress: guard, timeoutMs: 5_000 });
    expect(result.success).toBe(false);
    const refusal = REDIRECT_REFUSAL[type];
    if (refusal) expect(result.details.result, result.message).toBe(refusal);
    expect(hits()).toBeGreaterThan(before);
    expect(connected.filter((address) => address !== "127.0.0.1")).toEqual([]);
    expect(getEgressViolations()).toEqual([]);
  });

  it("never reaches the private second answer of a rebinding name", async () => {
    const { resolver, lookups } = rebinding();
    const { guard, connected } = recordingGuard(resolver);
    const result = await provider.test(configFor("rebind.example"), { egress: guard, timeoutMs: 5_000 });
    expect(result.success).toBe(false);
    expect(lookups()).toBeGreaterThan(0);
    // A provider that looks the name up again (to follow the redirect on a new connection) is refused.
    if (lookups() > 1) expect(result.details.result, result.message).toBe("blocked_by_policy");
    expect(connected.filter((address) => address !== "127.0.0.1")).toEqual([]);
    expect(getEgressViolations()).toEqual([]);
  });
});
