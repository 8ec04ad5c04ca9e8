import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import backblaze from "./backblaze-provider.js";

const { issuesOf, issueAt } = validationProbe(backblaze);

/**
 * What Backblaze hands a user — the web UI's new application key (keyID, keyName, applicationKey), the master
 * application key (its keyID is the 12-hex-digit account ID), `b2 key create`'s one line, `b2_create_key`'s
 * JSON, the `B2_APPLICATION_KEY*` variables, a bucket's S3 endpoint — pasted where a user would put it.
 * All values are fake.
 */
const APP_KEY = {
  keyID: "0051234567890ab0000000001",
  keyName: "plugboard-reader",
  applicationKey: "K005Zq8v3Kp1Lr5Tx9Wm2Nb6Yc4Hd7J",
};
const MASTER = { keyID: "1234567890ab", applicationKey: "0051c3a9f7e2b8d4a6c0e1f3b5d7a9c2e4f6a8b0c2" };
const credentials = { application_key_id: APP_KEY.keyID, application_key: APP_KEY.applicationKey };

describe("backblaze: what Backblaze hands out", () => {
  it("accepts the web UI's application key (keyID 005…, applicationKey K005…) and reads the native API without api", () => {
    expect(APP_KEY.keyID).toHaveLength(25);
    expect(APP_KEY.applicationKey).toHaveLength(31);
    const result = backblaze.validate({ bucket: "acme-backups", credentials });
    expect(result).toMatchObject({ success: true, data: { api: "b2", credentials } });
  });

  it("reads the S3-compatible API from the region, without api", () => {
    const result = backblaze.validate({ bucket: "acme-backups", region: "us-west-004", credentials });
    expect(result).toMatchObject({ success: true, data: { api: "s3", region: "us-west-004" } });
  });

  it("accepts both APIs with api given, and with the seed API's description and provider_type", () => {
    const extras = { description: "Nightly backups", provider_type: "backblaze" };
    expect(
      backblaze.validate({ api: "b2", bucket: "acme-backups", prefix: "exports/", credentials, ...extras }),
    ).toMatchObject({ success: true, data: { api: "b2", ...extras } });
    expect(
      backblaze.validate({
        api: "s3",
        bucket: "acme-backups",
        region: "eu-central-003",
        credentials,
        ...extras,
      }),
    ).toMatchObject({ success: true, data: { api: "s3", ...extras } });
  });

  it("accepts the master application key (keyID = the account ID) for the native API", () => {
    const master = { application_key_id: MASTER.keyID, application_key: MASTER.applicationKey };
    expect(backblaze.validate({ bucket: "acme-backups", credentials: master })).toMatchObject({
      success: true,
      data: { api: "b2" },
    });
  });

  it("refuses the master application key for the S3-compatible API, which B2 refuses it on", () => {
    const master = { application_key_id: MASTER.keyID, application_key: MASTER.applicationKey };
    for (const config of [
      { bucket: "acme-backups", region: "us-west-004", credentials: master },
      { api: "s3", bucket: "acme-backups", region: "us-west-004", credentials: master },
    ]) {
      const issue = issueAt(issuesOf(config), "credentials.application_key_id");
      expect(issue.message).toMatch(
        /^This is the master application key .*create an application key, or use api "b2"/,
      );
    }
  });

  it("names the fields for the web UI's success dialog (keyID, keyName, applicationKey) pasted as credentials", () => {
    const issues = issuesOf({ bucket: "acme-backups", credentials: APP_KEY });
    expect(issueAt(issues, "credentials.application_key_id").message).toBe("Required.");
    expect(issueAt(issues, "credentials.application_key").message).toBe("Required.");
    expect(issueAt(issues, "credentials.applicationKey").message).toContain('"application_key"');
    expect(issueAt(issues, "credentials.keyID").message).toMatch(/^Unknown field/);
    expect(issueAt(issues, "credentials.keyName").message).toMatch(/^Unknown field/);
  });

  it("names the fields for b2_create_key's JSON and for the B2_APPLICATION_KEY variables", () => {
    const created = issuesOf({
      bucket: "acme-backups",
      credentials: {
        accountId: MASTER.keyID,
        applicationKeyId: APP_KEY.keyID,
        applicationKey: APP_KEY.applicationKey,
        keyName: APP_KEY.keyName,
        capabilities: ["listBuckets", "listFiles", "readFiles"],
        bucketId: "4a48fe8875c6214145260818",
        namePrefix: null,
        expirationTimestamp: null,
        options: ["s3"],
      },
    });
    expect(issueAt(created, "credentials.application_key_id").message).toBe("Required.");
    expect(issueAt(created, "credentials.applicationKeyId").message).toContain('"application_key_id"');
    expect(issueAt(created, "credentials.applicationKey").message).toContain('"application_key"');
    expect(issueAt(created, "credentials.capabilities").message).toMatch(/^Unknown field/);

    const environment = issuesOf({
      bucket: "acme-backups",
      credentials: { B2_APPLICATION_KEY_ID: APP_KEY.keyID, B2_APPLICATION_KEY: APP_KEY.applicationKey },
    });
    expect(issueAt(environment, "credentials.B2_APPLICATION_KEY_ID").message).toContain(
      '"application_key_id"',
    );
    expect(issueAt(environment, "credentials.B2_APPLICATION_KEY").message).toContain('"application_key"');
  });

  it("says to split b2 key create's output line (keyID, a space, applicationKey)", () => {
    const issues = issuesOf({
      bucket: "acme-backups",
      credentials: {
        application_key_id: `${APP_KEY.keyID} ${APP_KEY.applicationKey}`,
        application_key: "K005x0000000",
      },
    });
    expect(issueAt(issues, "credentials.application_key_id").message).toMatch(
      /^Only the keyID: `b2 key create` prints/,
    );
    expect(JSON.stringify(issues)).not.toContain(APP_KEY.applicationKey);
  });

  it("says which part of the bucket's S3 endpoint is the region", () => {
    const issues = issuesOf({
      bucket: "acme-backups",
      region: "s3.us-west-004.backblazeb2.com",
      credentials,
    });
    expect(issueAt(issues, "region").message).toMatch(/^A B2 region such as us-west-004 .*only us-west-004/);
  });

  it("says to paste only the bucket's name for a b2:// URI", () => {
    const issues = issuesOf({ bucket: "b2://acme-backups/exports/", credentials });
    expect(issueAt(issues, "bucket").message).toMatch(/^Only the bucket's name: .*acme-backups in bucket/);
  });

  it("asks for api when the fields fit neither API", () => {
    const issue = issueAt(issuesOf({ bucket: "acme-backups" }), "api");
    expect(issue.message).toMatch(/^Missing "api"/);
  });
});
