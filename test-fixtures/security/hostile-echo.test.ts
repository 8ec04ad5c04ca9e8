import type { ConnectionProvider, EgressGuardFactory } from "@plugboard/core";
import backblaze from "@plugboard/provider-backblaze";
import box from "@plugboard/provider-box";
import brightdata from "@plugboard/provider-brightdata";
import httpApi from "@plugboard/provider-http-api";
import rss from "@plugboard/provider-rss";
import s3 from "@plugboard/provider-s3";
import snowflake from "@plugboard/provider-snowflake";
import tiktok from "@plugboard/provider-tiktok";
import {
  canarySecret,
  createLoopbackGuard,
  type FakeHttpServer,
  findLeaks,
  startFakeHttpServer,
} from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A hostile server that answers every request with an error whose body is the whole request — request
 * line, every header (Authorization included), and the body — raw and as JSON. Whatever a provider sends,
 * its test result and log lines must carry none of the planted canary secrets, in any encoding.
 */
const STATUSES = [400, 401, 403, 404, 429, 500];
let echo: FakeHttpServer;
let served = 0;
beforeAll(async () => {
  echo = await startFakeHttpServer((request, reply) => {
    const dump = [
      `${request.method} ${request.path} HTTP/1.1`,
      ...Object.entries(request.headers).map(([k, v]) => `${k}: ${String(v)}`),
      "",
      request.body,
    ].join("\n");
    const status = STATUSES[served++ % STATUSES.length] as number;
    return reply.json(status, {
      error: { code: "echo", message: dump },
      request: dump,
      headers: request.headers,
      body: request.body,
    });
  });
});
const guards: EgressGuardFactory[] = [];
afterAll(async () => {
  await echo.close();
  await Promise.all(guards.map((guard) => guard.close()));
});

function guardFor(origins: Record<string, string> = {}): EgressGuardFactory {
  const guard = createLoopbackGuard(origins);
  guards.push(guard);
  return guard;
}

type Case = [
  name: string,
  provider: ConnectionProvider,
  config: (secret: string, user: string) => unknown,
  origins?: string[],
];
const CASES: Case[] = [
  ["http_api bearer", httpApi, (secret) => ({ base_url: echo.url, auth: { type: "bearer", token: secret } })],
  [
    "http_api basic",
    httpApi,
    (secret, user) => ({ base_url: echo.url, auth: { type: "basic", username: user, password: secret } }),
  ],
  [
    "http_api api key in query",
    httpApi,
    (secret) => ({ base_url: echo.url, auth: { type: "api_key", in: "query", name: "key", value: secret } }),
  ],
  [
    "http_api oauth2",
    httpApi,
    (secret, user) => ({
      base_url: echo.url,
      auth: {
        type: "oauth2_client_credentials",
        token_url: `${echo.url}/token`,
        client_id: user,
        client_secret: secret,
        client_auth: "body",
      },
    }),
  ],
  [
    "rss basic",
    rss,
    (secret, user) => ({
      feed_url: `${echo.url}/feed.xml`,
      auth: { type: "basic", username: user, password: secret },
    }),
  ],
  [
    "rss header",
    rss,
    (secret) => ({
      feed_url: `${echo.url}/feed.xml`,
      auth: { type: "header", name: "X-Feed-Key", value: secret },
    }),
  ],
  [
    "s3",
    s3,
    (secret, user) => ({
      bucket: "reports",
      region: "us-east-1",
      endpoint: echo.url,
      force_path_style: true,
      credentials: {
        type: "access_key",
        access_key_id: user,
        secret_access_key: secret,
        session_token: `${secret}-session`,
      },
    }),
  ],
  [
    "snowflake",
    snowflake,
    (secret, user) => ({
      account: "acme",
      username: user,
      auth: { type: "password", password: secret },
      access_url: echo.url,
    }),
  ],
  [
    "backblaze",
    backblaze,
    (secret, user) => ({
      api: "b2",
      bucket: "reports",
      credentials: { application_key_id: user, application_key: secret },
    }),
    ["https://api.backblazeb2.com"],
  ],
  [
    "box developer token",
    box,
    (secret) => ({ credentials: { type: "developer_token", developer_token: secret } }),
    ["https://api.box.com"],
  ],
  [
    "tiktok user token",
    tiktok,
    (secret, user) => ({
      mode: "user",
      access_token: secret,
      refresh_token: `${secret}-session`,
      required_scopes: ["video.list"],
      client_key: user,
      client_secret: `${secret}-session`,
    }),
    ["https://open.tiktokapis.com"],
  ],
  [
    "tiktok client credentials",
    tiktok,
    (secret, user) => ({ mode: "client_credentials", client_key: user, client_secret: secret }),
    ["https://open.tiktokapis.com"],
  ],
  [
    "brightdata api key",
    brightdata,
    (secret) => ({ api: { token: secret, zone: "z1", dataset_id: "gd_abc" } }),
    ["https://api.brightdata.com"],
  ],
];

describe.each(CASES)(
  "no secret leaks against a hostile echo server: %s",
  (_name, provider, configFor, origins = []) => {
    it.each([1, 2, 3])("round %i", async () => {
      const secret = canarySecret("echo");
      // Doubles as a B2 application key id, whose format is fixed (hex).
      const user = `0014aa${Math.random().toString(16).slice(2, 12).padEnd(10, "0")}000000000b`;
      const lines: string[] = [];
      const config = configFor(secret, user);
      expect(provider.validate(config).success, JSON.stringify(provider.validate(config))).toBe(true);
      const egress = guardFor(Object.fromEntries(origins.map((origin) => [origin, echo.url])));
      const result = await provider.test(config, {
        egress,
        timeoutMs: 5_000,
        logger: { log: (entry) => lines.push(JSON.stringify(entry)) },
      });
      expect(result.success).toBe(false);
      const output = `${JSON.stringify(result)}\n${lines.join("\n")}`;
      expect(findLeaks(output, [secret, `${secret}-session`], [user])).toEqual([]);
    });
  },
);
