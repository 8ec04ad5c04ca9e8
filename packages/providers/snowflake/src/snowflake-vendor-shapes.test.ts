import { generateKeyPairSync } from "node:crypto";
import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import snowflake from "./snowflake-provider.js";

const { parsed, issuesOf, issueAt } = validationProbe(snowflake);

/**
 * What Snowflake hands a user — account identifiers in every documented form, the account URL Snowsight shows,
 * the login name, key pairs as `openssl` writes them (PKCS#8, encrypted PKCS#8, PKCS#1), tokens, and
 * `connections.toml` — pasted where a user would put it: a valid config, or issues that say what to paste.
 * Keys are generated here; other values are fake.
 */
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PASSPHRASE = "key-passphrase-5c2e";
const PEM = {
  /** `openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt` (rsa_key.p8), as Snowflake's guide has it. */
  pkcs8: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  /** `openssl pkcs8 -topk8 -v2 aes256`: -----BEGIN ENCRYPTED PRIVATE KEY-----. */
  encrypted: privateKey
    .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE })
    .toString(),
  /** `openssl genrsa` (OpenSSL 1.x) and `openssl rsa -traditional`: -----BEGIN RSA PRIVATE KEY-----. */
  pkcs1: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
  /** PKCS#1 encrypted the traditional way (Proc-Type: 4,ENCRYPTED). */
  pkcs1Encrypted: privateKey
    .export({ type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE })
    .toString(),
  /** rsa_key.pub: what is set on the user, not what signs in. */
  public: publicKey.export({ type: "spki", format: "pem" }).toString(),
};

const base = { account: "myorg-myaccount", username: "PLUGBOARD" };

describe("snowflake: account identifiers", () => {
  it.each([
    "myorg-myaccount",
    "MYORG-MY_ACCOUNT",
    "xy12345",
    "xy12345.us-east-2.aws",
    "xy12345.eu-west-1",
    "xy12345.east-us-2.azure",
    "xy12345.us-central1.gcp",
    "xy12345.privatelink",
    "myorg-myaccount.privatelink",
  ])("accepts %s", (account) => {
    expect(parsed({ ...base, account, auth: { password: "pw" } }).account).toBe(account);
  });

  it.each([
    ["the account URL", "https://myorg-myaccount.snowflakecomputing.com"],
    ["the account URL with a slash", "https://myorg-myaccount.snowflakecomputing.com/"],
    ["the Account/Server URL without scheme", "MYORG-MYACCOUNT.snowflakecomputing.com"],
    ["a locator URL", "abc12345.us-east-1.snowflakecomputing.com"],
    ["a PrivateLink URL", "xy12345.us-east-1.privatelink.snowflakecomputing.com"],
    ["a Snowsight address", "https://app.snowflake.com/myorg/myaccount/"],
  ])("says to paste only the identifier for %s", (_what, account) => {
    expect(issuesOf({ ...base, account, auth: { password: "pw" } })).toEqual([
      {
        path: "account",
        code: "invalid_format",
        message:
          "Only the account identifier, without https:// or .snowflakecomputing.com: for https://myorg-myaccount.snowflakecomputing.com, myorg-myaccount.",
      },
    ]);
  });

  it("says to write the data sharing identifier (orgname.account_name) with a hyphen", () => {
    const issue = issueAt(
      issuesOf({ ...base, account: "MYORG.MY_ACCOUNT", auth: { password: "pw" } }),
      "account",
    );
    expect(issue.message).toMatch(/^This is the data sharing identifier .*orgname-account_name/);
  });
});

describe("snowflake: key pairs as openssl writes them", () => {
  it("accepts an unencrypted PKCS#8 key (rsa_key.p8) and reads auth without a type as key_pair", () => {
    expect(PEM.pkcs8).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(parsed({ ...base, auth: { private_key: PEM.pkcs8 } }).auth).toMatchObject({ type: "key_pair" });
  });

  it("accepts an encrypted PKCS#8 key with its passphrase, and asks for the passphrase without it", () => {
    expect(PEM.encrypted).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(
      parsed({ ...base, auth: { private_key: PEM.encrypted, private_key_passphrase: PASSPHRASE } }).auth,
    ).toMatchObject({ type: "key_pair" });
    const issue = issueAt(
      issuesOf({ ...base, auth: { type: "key_pair", private_key: PEM.encrypted } }),
      "auth.private_key_passphrase",
    );
    expect(issue.message).toMatch(/^Required: the private key is encrypted/);
    // Without a type too: the fields are a key pair's.
    issueAt(issuesOf({ ...base, auth: { private_key: PEM.encrypted } }), "auth.private_key_passphrase");
  });

  it("accepts a PKCS#1 key (BEGIN RSA PRIVATE KEY, openssl genrsa), encrypted ones with their passphrase", () => {
    expect(PEM.pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    parsed({ ...base, auth: { type: "key_pair", private_key: PEM.pkcs1 } });
    expect(PEM.pkcs1Encrypted).toContain("Proc-Type: 4,ENCRYPTED");
    parsed({ ...base, auth: { private_key: PEM.pkcs1Encrypted, private_key_passphrase: PASSPHRASE } });
    issueAt(issuesOf({ ...base, auth: { private_key: PEM.pkcs1Encrypted } }), "auth.private_key_passphrase");
  });

  it("accepts Windows line endings and surrounding blank lines", () => {
    parsed({ ...base, auth: { private_key: `\n${PEM.pkcs8.replace(/\n/g, "\r\n")}\n` } });
  });

  const keyIssue = (private_key: string) => {
    const issues = issuesOf({ ...base, auth: { type: "key_pair", private_key } });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("auth.private_key");
    // A key is never quoted back.
    expect(JSON.stringify(issues)).not.toContain(PEM.pkcs8.split("\n")[1]);
    return issues[0]?.message;
  };

  it("takes a key whose line breaks were escaped (\\n from a JSON string) or lost (a one-line field): the check repairs it", () => {
    for (const pasted of [PEM.pkcs8.replace(/\n/g, "\\n"), PEM.pkcs8.replace(/\n/g, " ")]) {
      expect(parsed({ ...base, auth: { private_key: pasted } })).toMatchObject({
        auth: { type: "key_pair" },
      });
    }
  });

  it("says when the key is cut off", () => {
    expect(keyIssue(PEM.pkcs8.slice(0, 300))).toMatch(/^The PEM is cut off/);
    expect(keyIssue(PEM.pkcs8.replace("END PRIVATE KEY", "END RSA PRIVATE KEY"))).toMatch(
      /^The PEM is cut off/,
    );
  });

  it("says when the public key (rsa_key.pub) was pasted instead of the private key", () => {
    expect(keyIssue(PEM.public)).toMatch(/^This is the public key/);
  });

  it("names the kinds it takes for an OpenSSH key or a bare base64 body", () => {
    const openssh =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    expect(keyIssue(openssh)).toMatch(/^Must be an RSA private key in PEM/);
    expect(keyIssue(PEM.pkcs8.split("\n").slice(1, -2).join(""))).toMatch(
      /^Must be an RSA private key in PEM/,
    );
  });
});

describe("snowflake: passwords, tokens and connections.toml", () => {
  it("reads { password } as password, with the login name Snowsight shows, description and provider_type", () => {
    const config = parsed({
      account: "xy12345.us-east-2.aws",
      username: "jane.doe@example.com",
      auth: { password: "Sn0wflake-Pa55" },
      warehouse: "COMPUTE_WH",
      role: "PLUGBOARD_READER",
      description: "Analytics account",
      provider_type: "snowflake",
    });
    expect(config).toMatchObject({ auth: { type: "password" }, provider_type: "snowflake" });
  });

  it("accepts a programmatic access token and an OAuth token when the type says which", () => {
    const token = "ver:1-hint:1234567-ETMsDgAAAZkExampleProgrammaticAccessTokenSecret0123456789";
    expect(parsed({ ...base, auth: { type: "programmatic_access_token", token } }).auth.type).toBe(
      "programmatic_access_token",
    );
    expect(
      parsed({ ...base, auth: { type: "oauth", token: "ETMsDgAAAZkExampleOAuthAccessToken" } }).auth.type,
    ).toBe("oauth");
  });

  it("asks which one a token alone is: OAuth or a programmatic access token", () => {
    const issue = issueAt(
      issuesOf({ ...base, auth: { token: "ver:1-hint:1234567-ETMsDgAAAZk" } }),
      "auth.type",
    );
    expect(issue.message).toBe(
      'Missing "type": these fields fit "oauth" or "programmatic_access_token"; say which one.',
    );
  });

  it("names what to use for connections.toml's fields (user, authenticator, private_key_file)", () => {
    const issues = issuesOf({
      account: "myorg-myaccount",
      user: "PLUGBOARD",
      authenticator: "SNOWFLAKE_JWT",
      private_key_file: "/home/me/.snowflake/rsa_key.p8",
      warehouse: "COMPUTE_WH",
      role: "PLUGBOARD_READER",
    });
    expect(issueAt(issues, "username").message).toBe("Required.");
    expect(issueAt(issues, "auth").message).toBe("Required.");
    for (const field of ["user", "authenticator", "private_key_file"])
      expect(issueAt(issues, field).message).toMatch(/^Unknown field/);
  });

  it("names the auth fields for connections.toml's key-pair names put under auth", () => {
    const issues = issuesOf({
      ...base,
      auth: { authenticator: "SNOWFLAKE_JWT", private_key_file: "/home/me/.snowflake/rsa_key.p8" },
    });
    expect(issueAt(issues, "auth.type").message).toMatch(
      /^Missing "type": choose one of "password", "key_pair"/,
    );
  });
});
