import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import brightdata from "./brightdata-provider.js";

const { parsed, issuesOf } = validationProbe(brightdata);

/**
 * What Bright Data hands out, as a user would paste it (all values fake):
 * - Account settings → API keys: the key, shown once (64 hex characters in the docs' examples; older keys
 *   look like UUIDs), used as `Authorization: Bearer <key>`;
 * - a proxy zone's "Access details": Host `brd.superproxy.io`, Port `33335` (22225 legacy), Username
 *   `brd-customer-<customer id>-zone-<zone>`, Password; and the one-line curl example
 *   `curl --proxy brd.superproxy.io:33335 --proxy-user brd-customer-…:<password> …`.
 */
const API_KEY = "3f9a1c7e5b2d8a4f6c0e9b1d7a3f5c8e2b6d0a4f8c1e7b3d9a5f2c6e0b8d4a1f";
const UUID_API_KEY = "5b2d8a4f-6c0e-4b1d-9a3f-5c8e2b6d0a4f";
const CUSTOMER_ID = "hl_1a2b3c4d";
const ZONE = "residential_proxy1";
const ZONE_PASSWORD = "k9x2m7q4v8z1";
const PROXY_USERNAME = `brd-customer-${CUSTOMER_ID}-zone-${ZONE}`;

describe("brightdata: the shapes Bright Data hands out", () => {
  it("the API key from account settings (64 hex characters, or a UUID)", () => {
    expect(parsed({ api: { token: API_KEY } })).toEqual({ api: { token: API_KEY } });
    expect(parsed({ api: { token: UUID_API_KEY, zone: "web_unlocker1" } })).toMatchObject({
      api: { zone: "web_unlocker1" },
    });
  });

  it("a zone's access details split into customer id, zone and password; host and port default", () => {
    expect(parsed({ proxy: { customer_id: CUSTOMER_ID, zone: ZONE, zone_password: ZONE_PASSWORD } })).toEqual(
      {
        proxy: {
          customer_id: CUSTOMER_ID,
          zone: ZONE,
          zone_password: ZONE_PASSWORD,
          host: "brd.superproxy.io",
          port: 33_335,
        },
      },
    );
  });

  it("the access details' host and port as shown, the legacy port too", () => {
    for (const port of [33_335, 22_225]) {
      expect(
        parsed({
          proxy: {
            customer_id: CUSTOMER_ID,
            zone: ZONE,
            zone_password: ZONE_PASSWORD,
            host: "brd.superproxy.io",
            port,
          },
        }),
      ).toMatchObject({ proxy: { port } });
    }
  });

  it("both parts, with a dataset id, and the seed API's description and provider_type", () => {
    expect(
      parsed({
        provider_type: "brightdata",
        description: "Scraping account",
        api: { token: API_KEY, dataset_id: "gd_l1vijqt9jfj7olije" },
        proxy: { customer_id: CUSTOMER_ID, zone: ZONE, zone_password: ZONE_PASSWORD },
      }),
    ).toMatchObject({ provider_type: "brightdata", api: { dataset_id: "gd_l1vijqt9jfj7olije" } });
  });
});

describe("brightdata: typical mistakes name the field", () => {
  const proxy = { customer_id: CUSTOMER_ID, zone: ZONE, zone_password: ZONE_PASSWORD };
  const WHOLE_USERNAME =
    "This is the whole proxy username: customer_id is the part between brd-customer- and -zone- (hl_…), zone the part after -zone-.";

  it("the whole proxy username pasted as customer_id, with or without session flags", () => {
    for (const customer_id of [PROXY_USERNAME, `${PROXY_USERNAME}-country-us-session-42`]) {
      expect(issuesOf({ proxy: { ...proxy, customer_id } })).toEqual([
        { path: "proxy.customer_id", code: "invalid_format", message: WHOLE_USERNAME },
      ]);
    }
  });

  it('"username:password" pasted as the zone password, never echoed', () => {
    const issues = issuesOf({ proxy: { ...proxy, zone_password: `${PROXY_USERNAME}:${ZONE_PASSWORD}` } });
    expect(issues).toEqual([
      {
        path: "proxy.zone_password",
        code: "invalid_format",
        message: "This holds the proxy username too: zone_password is only the part after the colon.",
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain(ZONE_PASSWORD);
  });

  it("host:port, a URL, or the curl line as the host, never echoing the password", () => {
    for (const host of [
      "brd.superproxy.io:33335",
      "http://brd.superproxy.io:33335",
      `curl --proxy brd.superproxy.io:33335 --proxy-user ${PROXY_USERNAME}:${ZONE_PASSWORD}`,
    ]) {
      const issues = issuesOf({ proxy: { ...proxy, host } });
      expect(issues).toEqual([
        {
          path: "proxy.host",
          code: "invalid_format",
          message: "A host name or IP address, without scheme or port.",
        },
      ]);
      expect(JSON.stringify(issues)).not.toContain(ZONE_PASSWORD);
    }
  });

  it("the port as text", () => {
    expect(issuesOf({ proxy: { ...proxy, port: "33335" } })).toEqual([
      { path: "proxy.port", code: "invalid_type", message: "Expected number." },
    ]);
  });

  it("the access details' labels at the top level: each field is named", () => {
    const issues = issuesOf({
      host: "brd.superproxy.io",
      port: 33_335,
      username: PROXY_USERNAME,
      password: ZONE_PASSWORD,
    });
    const unknown = issues.filter((issue) => issue.code === "unrecognized_keys");
    expect(unknown.map((issue) => issue.path).sort()).toEqual(["host", "password", "port", "username"]);
    for (const issue of unknown) expect(issue.message).toMatch(/^Unknown field/);
    // …and what is missing: the proxy part (or an API key).
    expect(issues).toContainEqual({
      path: "api",
      code: "custom",
      message: "Give an API key (api), proxy zone credentials (proxy), or both.",
    });
    expect(JSON.stringify(issues)).not.toContain(ZONE_PASSWORD);
  });

  it('the API key copied from a curl line with "Bearer "', () => {
    for (const token of [`Bearer ${API_KEY}`, `Authorization: Bearer ${API_KEY}`]) {
      const issues = issuesOf({ api: { token } });
      expect(issues).toEqual([
        {
          path: "api.token",
          code: "invalid_format",
          message: 'Paste the key alone: "Authorization: Bearer " is added for you.',
        },
      ]);
      expect(JSON.stringify(issues)).not.toContain(API_KEY);
    }
  });

  it("the API key at the top level instead of under api", () => {
    const issues = issuesOf({ token: API_KEY });
    expect(issues.map((issue) => issue.path)).toEqual(["token", "api"]);
    expect(issues[0]?.message).toMatch(/^Unknown field/);
    expect(issues[1]?.message).toBe("Give an API key (api), proxy zone credentials (proxy), or both.");
  });

  it("nothing at all names both parts", () => {
    expect(issuesOf({})).toEqual([
      {
        path: "api",
        code: "custom",
        message: "Give an API key (api), proxy zone credentials (proxy), or both.",
      },
    ]);
  });
});
