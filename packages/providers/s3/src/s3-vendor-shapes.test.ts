import type { ConnectionProvider, ValidationIssue } from "@plugboard/core";
import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import s3, { createS3Provider } from "./s3-provider.js";

const { issueAt } = validationProbe(s3);

/**
 * What AWS hands a user — the IAM console's access key (.csv), the CLI's JSON, ~/.aws/credentials, the S3
 * console's "Copy S3 URI" and ARN — pasted where a user would put it: a valid config, or issues that name the
 * field to fill. All values are fake (AWS's documented example keys).
 */

/** The IAM console's "Retrieve access keys" step and its .csv: `Access key ID,Secret access key`. */
const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/** `aws sts get-session-token`: an ASIA key, its secret and a session token. */
const TEMPORARY = {
  AccessKeyId: "ASIAIOSFODNN7EXAMPLE",
  SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  SessionToken:
    "IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDExampleSessionTokenValue0123456789abcdefABCDEF==",
  Expiration: "2026-12-06T14:03:12+00:00",
};

const location = { bucket: "acme-reports", region: "eu-west-1" };

function issuesOf(input: unknown, provider: ConnectionProvider = s3): ValidationIssue[] {
  const result = provider.validate(input);
  expect(result.success, JSON.stringify(result)).toBe(false);
  return result.success ? [] : result.issues;
}

describe("s3: what AWS hands out", () => {
  it("accepts the seed API's example exactly as written", () => {
    const example = JSON.parse(
      '{ "bucket": "my-bucket", "region": "us-east-1", "credentials": { "access_key_id": "AKIA…", "secret_access_key": "…" }, "description": "S3 configuration" }',
    );
    const result = s3.validate(example);
    expect(result).toMatchObject({
      success: true,
      data: {
        bucket: "my-bucket",
        credentials: { type: "access_key", access_key_id: "AKIA…", secret_access_key: "…" },
        description: "S3 configuration",
      },
    });
  });

  it("accepts the IAM console's key pair (AKIA + 16, a 40-character secret) without a type", () => {
    expect(ACCESS_KEY_ID).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(SECRET_ACCESS_KEY).toHaveLength(40);
    const result = s3.validate({
      ...location,
      credentials: { access_key_id: ACCESS_KEY_ID, secret_access_key: SECRET_ACCESS_KEY },
    });
    expect(result).toMatchObject({ success: true, data: { credentials: { type: "access_key" } } });
  });

  it("accepts the key pair with the seed API's description and provider_type", () => {
    const result = s3.validate({
      ...location,
      prefix: "exports/",
      credentials: { type: "access_key", access_key_id: ACCESS_KEY_ID, secret_access_key: SECRET_ACCESS_KEY },
      description: "Nightly exports",
      provider_type: "s3",
    });
    expect(result).toMatchObject({
      success: true,
      data: { provider_type: "s3", description: "Nightly exports" },
    });
    const other = issueAt(
      issuesOf({ ...location, credentials: {}, provider_type: "tigris" }),
      "provider_type",
    );
    expect(other.message).toBe('Must be "s3", this provider\'s type, or be left out.');
  });

  it("accepts temporary credentials from aws sts get-session-token (ASIA…, with the session token)", () => {
    const result = s3.validate({
      ...location,
      credentials: {
        access_key_id: TEMPORARY.AccessKeyId,
        secret_access_key: TEMPORARY.SecretAccessKey,
        session_token: TEMPORARY.SessionToken,
      },
    });
    expect(result).toMatchObject({
      success: true,
      data: { credentials: { type: "access_key", session_token: TEMPORARY.SessionToken } },
    });
  });

  it("reads keys with a role ARN from the IAM console, without a type, as assume_role", () => {
    const result = s3.validate({
      ...location,
      credentials: {
        access_key_id: ACCESS_KEY_ID,
        secret_access_key: SECRET_ACCESS_KEY,
        role_arn: "arn:aws:iam::123456789012:role/plugboard-reader",
        external_id: "partner-7781",
      },
    });
    expect(result).toMatchObject({ success: true, data: { credentials: { type: "assume_role" } } });
  });

  it("names the fields to fill for the JSON of aws sts get-session-token pasted as credentials", () => {
    const issues = issuesOf({ ...location, credentials: TEMPORARY });
    expect(issueAt(issues, "credentials.access_key_id").message).toBe("Required.");
    expect(issueAt(issues, "credentials.secret_access_key").message).toBe("Required.");
    expect(issueAt(issues, "credentials.AccessKeyId").message).toMatch(/^Unknown field.*"access_key_id"/);
    expect(issueAt(issues, "credentials.SecretAccessKey").message).toMatch(
      /^Unknown field.*"secret_access_key"/,
    );
    expect(issueAt(issues, "credentials.SessionToken").message).toMatch(/^Unknown field.*"session_token"/);
    expect(issueAt(issues, "credentials.Expiration").message).toMatch(/^Unknown field/);
    expect(issues.map((issue) => issue.path)).not.toContain("credentials.type");
  });

  it("names the fields to fill for the AccessKey of aws iam create-access-key, and the choices for its whole output", () => {
    const accessKey = {
      UserName: "plugboard-reader",
      AccessKeyId: ACCESS_KEY_ID,
      Status: "Active",
      SecretAccessKey: SECRET_ACCESS_KEY,
      CreateDate: "2026-12-06T13:03:12+00:00",
    };
    // One level too deep, nothing says which method: the choices are named.
    const whole = issuesOf({ ...location, credentials: { AccessKey: accessKey } });
    expect(issueAt(whole, "credentials.type").message).toBe(
      'Missing "type": choose one of "access_key" or "assume_role".',
    );

    const inner = issuesOf({ ...location, credentials: accessKey });
    expect(issueAt(inner, "credentials.access_key_id").message).toBe("Required.");
    expect(issueAt(inner, "credentials.AccessKeyId").message).toContain('"access_key_id"');
    expect(issueAt(inner, "credentials.SecretAccessKey").message).toContain('"secret_access_key"');
    for (const field of ["UserName", "Status", "CreateDate"])
      expect(issueAt(inner, `credentials.${field}`).message).toMatch(/^Unknown field/);
  });

  it("names the fields to fill for the keys of ~/.aws/credentials and of the AWS_* environment variables", () => {
    const profile = issuesOf({
      ...location,
      credentials: {
        aws_access_key_id: ACCESS_KEY_ID,
        aws_secret_access_key: SECRET_ACCESS_KEY,
        aws_session_token: TEMPORARY.SessionToken,
      },
    });
    expect(issueAt(profile, "credentials.access_key_id").message).toBe("Required.");
    expect(issueAt(profile, "credentials.secret_access_key").message).toBe("Required.");
    expect(issueAt(profile, "credentials.aws_access_key_id").message).toContain('"access_key_id"');
    expect(issueAt(profile, "credentials.aws_secret_access_key").message).toContain('"secret_access_key"');
    expect(issueAt(profile, "credentials.aws_session_token").message).toContain('"session_token"');

    const environment = issuesOf({
      ...location,
      credentials: { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY },
    });
    expect(issueAt(environment, "credentials.AWS_ACCESS_KEY_ID").message).toContain('"access_key_id"');
    expect(issueAt(environment, "credentials.secret_access_key").message).toBe("Required.");
  });

  it("still asks for a type when the fields fit no method and are not AWS's", () => {
    const issue = issueAt(issuesOf({ ...location, credentials: {} }), "credentials.type");
    expect(issue.message).toBe('Missing "type": choose one of "access_key" or "assume_role".');
  });

  it("says which half goes where when the .csv line, or the two values swapped, are pasted", () => {
    const csvLine = issuesOf({
      ...location,
      credentials: { access_key_id: `${ACCESS_KEY_ID},${SECRET_ACCESS_KEY}`, secret_access_key: "x" },
    });
    expect(issueAt(csvLine, "credentials.access_key_id").message).toMatch(/^Only the access key ID: .*comma/);

    const swapped = issuesOf({
      ...location,
      credentials: { access_key_id: SECRET_ACCESS_KEY, secret_access_key: ACCESS_KEY_ID },
    });
    expect(issueAt(swapped, "credentials.access_key_id").message).toMatch(/secret access key/);
    expect(issueAt(swapped, "credentials.secret_access_key").message).toMatch(/^This is an access key ID/);
    // Messages never quote what was typed.
    expect(JSON.stringify(swapped)).not.toContain(SECRET_ACCESS_KEY);
  });

  it.each([
    ["the console's Copy S3 URI", "s3://acme-reports/exports/2026/"],
    ["the bucket's ARN", "arn:aws:s3:::acme-reports"],
    ["a virtual-hosted URL", "https://acme-reports.s3.eu-west-1.amazonaws.com/"],
    ["the bucket's host name", "acme-reports.s3.eu-west-1.amazonaws.com"],
  ])("says to paste only the name for %s in bucket", (_what, bucket) => {
    const issues = issuesOf({
      ...location,
      bucket,
      credentials: { access_key_id: ACCESS_KEY_ID, secret_access_key: SECRET_ACCESS_KEY },
    });
    expect(issues).toEqual([
      {
        path: "bucket",
        code: "invalid_format",
        message:
          "Only the bucket's name: for s3://acme-reports/exports/ (or arn:aws:s3:::acme-reports) put acme-reports in bucket and exports/ in prefix.",
      },
    ]);
  });

  it("says to paste only the region code for the console's region label", () => {
    const issues = issuesOf({
      ...location,
      region: "Europe (Ireland) eu-west-1",
      credentials: { access_key_id: ACCESS_KEY_ID, secret_access_key: SECRET_ACCESS_KEY },
    });
    expect(issueAt(issues, "region").message).toMatch(/^A region code such as eu-west-1 .*only eu-west-1/);
  });

  it("reads AWS's shapes the same way where host credentials are enabled", () => {
    const withHost = createS3Provider({
      ambientCredentials: async () => ({ accessKeyId: "x", secretAccessKey: "y" }),
    });
    expect(withHost.validate({ ...location, credentials: { type: "ambient" } }).success).toBe(true);
    const issues = issuesOf(
      { ...location, credentials: { aws_access_key_id: ACCESS_KEY_ID, aws_secret_access_key: "s" } },
      withHost,
    );
    expect(issueAt(issues, "credentials.access_key_id").message).toBe("Required.");
  });
});
