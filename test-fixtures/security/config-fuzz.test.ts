import { generateKeyPairSync } from "node:crypto";
import type { ConnectionProvider } from "@plugboard/core";
import backblaze from "@plugboard/provider-backblaze";
import box from "@plugboard/provider-box";
import brightdata from "@plugboard/provider-brightdata";
import googleDrive from "@plugboard/provider-google-drive";
import httpApi from "@plugboard/provider-http-api";
import instagram from "@plugboard/provider-instagram";
import postgresql from "@plugboard/provider-postgresql";
import rss from "@plugboard/provider-rss";
import s3 from "@plugboard/provider-s3";
import sharepoint from "@plugboard/provider-sharepoint";
import snowflake from "@plugboard/provider-snowflake";
import tigris from "@plugboard/provider-tigris";
import tiktok from "@plugboard/provider-tiktok";
import { compileJsonSchema } from "@plugboard/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/**
 * Property test of every provider's validation: 2,000 generated configs each, valid ones and corrupted ones
 * (wrong types, huge strings, deep nesting, prototype keys, unicode, unknown keys, missing fields).
 * Validation never throws, every refusal names a field, and whatever zod accepts, the exported JSON Schema
 * accepts too (a form built from it never refuses a config the backend would take).
 */
const SEEDS: Array<[ConnectionProvider, unknown[]]> = [
  [
    httpApi,
    [
      {
        base_url: "https://api.example.com/v1",
        auth: { type: "bearer", token: "t0ken" },
        health_check: { path: "/me" },
      },
    ],
  ],
  [
    rss,
    [
      { feed_url: "https://example.com/feed.xml" },
      { feed_url: "https://example.com/f", auth: { type: "basic", username: "u", password: "p" } },
    ],
  ],
  [
    s3,
    [
      {
        bucket: "reports",
        region: "eu-west-1",
        credentials: { type: "access_key", access_key_id: "AKIAEXAMPLE", secret_access_key: "s3cr3t" },
      },
    ],
  ],
  [tigris, [{ bucket: "reports", credentials: { access_key_id: "tid_abc", secret_access_key: "tsec_abc" } }]],
  [
    backblaze,
    [
      {
        api: "b2",
        bucket: "reports",
        credentials: { application_key_id: "0014aa9865d6f00000000000b", application_key: "K004secretsecret" },
      },
    ],
  ],
  [
    postgresql,
    [
      { host: "db.example.com", database: "app", user: "reader", password: "pw" },
      { connection_string: "postgresql://u:p@db.example.com/app" },
    ],
  ],
  [
    snowflake,
    [
      {
        account: "myorg-acct",
        username: "reader",
        auth: { type: "password", password: "pw" },
        warehouse: "WH",
      },
    ],
  ],
  [box, [{ credentials: { type: "developer_token", developer_token: "dev-token" }, folder_id: "0" }]],
  [
    tiktok,
    [
      { mode: "user", access_token: "act.t0ken", required_scopes: ["video.list"], open_id: "o-1" },
      { mode: "client_credentials", client_key: "awkey01", client_secret: "s3cr3t" },
    ],
  ],
  [
    brightdata,
    [
      { api: { token: "k3y", zone: "web_unlocker1", dataset_id: "gd_abc123" } },
      { proxy: { customer_id: "hl_1a2b", zone: "res1", zone_password: "pw", port: 22225 } },
    ],
  ],
  [
    googleDrive,
    [
      {
        credentials: {
          type: "authorized_user",
          client_id: "1234-abc.apps.googleusercontent.com",
          client_secret: "GOCSPX-secret",
          refresh_token: "1//refresh",
        },
        folder_id: "1AbCdEf",
      },
      {
        credentials: {
          type: "service_account",
          project_id: "acme-sync",
          private_key_id: "4f1e2d3c",
          private_key: generateKeyPairSync("rsa", { modulusLength: 1024 })
            .privateKey.export({ type: "pkcs8", format: "pem" })
            .toString(),
          client_email: "plugboard@acme-sync.iam.gserviceaccount.com",
          client_id: "113456789012345678901",
        },
        shared_drive_id: "0ABcdEf",
      },
    ],
  ],
  [
    sharepoint,
    [
      {
        tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        client_id: "2f6c1a3e-5b7d-4c8e-9f01-23456789abcd",
        credentials: { type: "client_secret", client_secret: "Abc8Q~secret" },
        site_url: "https://contoso.sharepoint.com/sites/Marketing",
      },
      {
        tenant_id: "contoso.onmicrosoft.com",
        client_id: "2f6c1a3e-5b7d-4c8e-9f01-23456789abcd",
        credentials: { type: "client_secret", client_secret: "Abc8Q~secret" },
        site_id: "contoso.sharepoint.com,1,2",
        drive_name: "Documents",
        cloud: "us_gov",
      },
    ],
  ],
  [
    instagram,
    [
      { login_type: "instagram", access_token: "IGQ-token" },
      {
        login_type: "facebook",
        access_token: "EAAB-token",
        ig_user_id: "17841400000000001",
        app_id: "123456",
        app_secret: "app-secret",
      },
    ],
  ],
];

const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constant("x".repeat(100_000)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.integer(),
  fc.constant(null),
);

/** A seed with one corruption applied at a random depth: a value replaced, a key removed or added. */
function mutate(seed: unknown, path: string[], action: number, value: unknown): unknown {
  if (typeof seed !== "object" || seed === null || Array.isArray(seed)) return value;
  const copy: Record<string, unknown> = { ...(seed as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const [head, ...rest] = path;
  const key = keys[(head?.length ?? 0) % Math.max(keys.length, 1)];
  if (key === undefined) return copy;
  if (rest.length > 0 && typeof copy[key] === "object") copy[key] = mutate(copy[key], rest, action, value);
  else if (action === 0) delete copy[key];
  else if (action === 1) copy[`unexpected_${head ?? "x"}`] = value;
  else copy[key] = value;
  return copy;
}

describe.each(SEEDS.map(([provider, seeds]) => [provider.type, provider, seeds] as const))(
  "config fuzzing: %s",
  (_type, provider, seeds) => {
    it("starts from seeds that are all valid", () => {
      for (const seed of seeds)
        expect(provider.validate(seed), JSON.stringify(provider.validate(seed))).toMatchObject({
          success: true,
        });
    });

    it("never throws, always names a field, and zod-accepted configs pass the JSON Schema", () => {
      const accepts = compileJsonSchema(provider.jsonSchema({ target: "draft-2020-12" }), "draft-2020-12");
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.constantFrom(...seeds),
          fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 0, max: 3 }),
          hostile,
          fc.boolean(),
          (seed, path, action, value, keepSeed) => {
            const input = keepSeed ? structuredClone(seed) : mutate(seed, path, action, value);
            const result = provider.validate(input);
            if (result.success) {
              accepted++;
              expect(accepts(input), JSON.stringify(accepts.errors)).toBe(true);
            } else {
              expect(result.issues.length).toBeGreaterThan(0);
              for (const issue of result.issues) expect(issue.path.length).toBeGreaterThan(0);
            }
          },
        ),
        { numRuns: 2_000 },
      );
      expect(accepted).toBeGreaterThan(100);
    });
  },
);
