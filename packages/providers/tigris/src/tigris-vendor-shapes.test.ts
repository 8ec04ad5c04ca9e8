import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import tigris from "./tigris-provider.js";

const { issuesOf, issueAt } = validationProbe(tigris);

/**
 * What Tigris hands a user — the dashboard's new access key (`tid_…`, `tsec_…`) with the endpoint and region it
 * shows, the variables `fly storage create` sets — pasted where a user would put it. All values are fake.
 */
const KEY = { id: "tid_vCaMzQxLnRtKsPwYbHdJ", secret: "tsec_Zq8v3Kp1Lr5Tx9Wm2Nb6Yc4Hd7Jf0Gs-ExAmPlE_sEcReT" };

describe("tigris: what Tigris hands out", () => {
  it("accepts the dashboard's access key (tid_…, tsec_…) with a bucket", () => {
    const result = tigris.validate({
      bucket: "acme-media",
      credentials: { access_key_id: KEY.id, secret_access_key: KEY.secret },
    });
    expect(result).toMatchObject({ success: true, data: { credentials: { access_key_id: KEY.id } } });
  });

  it("accepts the endpoint and region the dashboard shows with the key (t3.storage.dev, auto)", () => {
    const result = tigris.validate({
      bucket: "acme-media",
      endpoint: "https://t3.storage.dev",
      region: "auto",
      credentials: { access_key_id: KEY.id, secret_access_key: KEY.secret },
      description: "Media bucket",
      provider_type: "tigris",
    });
    expect(result).toMatchObject({
      success: true,
      data: { endpoint: "https://t3.storage.dev", region: "auto" },
    });
  });

  it("accepts the endpoint fly storage create sets (AWS_ENDPOINT_URL_S3), with or without a trailing slash", () => {
    for (const endpoint of [
      "https://fly.storage.tigris.dev",
      "https://fly.storage.tigris.dev/",
      "https://t3.storage.dev/",
    ])
      expect(
        tigris.validate({
          bucket: "acme-media",
          endpoint,
          credentials: { access_key_id: KEY.id, secret_access_key: KEY.secret },
        }).success,
        endpoint,
      ).toBe(true);
  });

  it("names another service's endpoint and another region, saying what Tigris uses", () => {
    const issues = issuesOf({
      bucket: "acme-media",
      endpoint: "https://s3.us-east-1.amazonaws.com",
      region: "us-east-1",
      credentials: { access_key_id: KEY.id, secret_access_key: KEY.secret },
    });
    expect(issueAt(issues, "endpoint").message).toMatch(/^Tigris's endpoint: https:\/\/t3\.storage\.dev/);
    expect(issueAt(issues, "region").message).toMatch(/region "auto"/);
  });

  it("names the fields to fill for the dashboard's environment variables pasted as credentials", () => {
    const issues = issuesOf({
      bucket: "acme-media",
      credentials: { AWS_ACCESS_KEY_ID: KEY.id, AWS_SECRET_ACCESS_KEY: KEY.secret },
    });
    expect(issueAt(issues, "credentials.access_key_id").message).toBe("Required.");
    expect(issueAt(issues, "credentials.secret_access_key").message).toBe("Required.");
    expect(issueAt(issues, "credentials.AWS_ACCESS_KEY_ID").message).toContain('"access_key_id"');
    expect(issueAt(issues, "credentials.AWS_SECRET_ACCESS_KEY").message).toContain('"secret_access_key"');
  });

  it("names the missing secret when only the key ID was pasted", () => {
    const issues = issuesOf({ bucket: "acme-media", credentials: { access_key_id: KEY.id } });
    expect(issues).toEqual([
      { path: "credentials.secret_access_key", code: "invalid_type", message: "Required." },
    ]);
  });

  it("says to paste only the name for the bucket's URL", () => {
    const issues = issuesOf({
      bucket: "https://acme-media.t3.storage.dev/",
      credentials: { access_key_id: KEY.id, secret_access_key: KEY.secret },
    });
    expect(issueAt(issues, "bucket").message).toMatch(/^Only the bucket's name/);
  });
});
