import { createTokenCache } from "@plugboard/core";
import { createLoopbackGuard, validationProbe } from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DRIVE,
  OAUTH_CLIENT,
  REFRESH_TOKENS,
  SERVICE_ACCOUNT,
  startGoogleFake,
} from "./__tests__/google-fake.js";
import provider from "./google-drive-provider.js";

const { parsed, issuesOf, issueAt } = validationProbe(provider);

/**
 * What Google hands people, pasted as they get it: the key file the Cloud console downloads, the file
 * `gcloud auth application-default login` writes, and the other files people take for credentials.
 */

/** The service account key file, every field as the Cloud console downloads it (PEM with real line breaks). */
const KEY_FILE = { ...SERVICE_ACCOUNT };

/** `~/.config/gcloud/application_default_credentials.json` as current gcloud writes it (sorted keys). */
const ADC_FILE = {
  account: "",
  client_id: OAUTH_CLIENT.client_id,
  client_secret: OAUTH_CLIENT.client_secret,
  quota_project_id: "acme-sync",
  refresh_token: REFRESH_TOKENS.good,
  type: "authorized_user",
  universe_domain: "googleapis.com",
};

const SA_EMAIL = "plugboard@acme-sync.iam.gserviceaccount.com";

describe("google_drive: the shapes Google hands out", () => {
  it("takes the service account key file as the Cloud console downloads it, all its fields", () => {
    expect(Object.keys(KEY_FILE).sort()).toEqual([
      "auth_provider_x509_cert_url",
      "auth_uri",
      "client_email",
      "client_id",
      "client_x509_cert_url",
      "private_key",
      "private_key_id",
      "project_id",
      "token_uri",
      "type",
      "universe_domain",
    ]);
    expect(KEY_FILE.private_key).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
    );
    const config = parsed({ credentials: KEY_FILE, folder_id: DRIVE.myFolder });
    expect(config.credentials).toEqual(KEY_FILE);
  });

  it('reads the key file without its "type" as a service account key', () => {
    const { type: _type, ...withoutType } = KEY_FILE;
    expect(parsed({ credentials: withoutType }).credentials.type).toBe("service_account");
  });

  it("takes the seed API's provider_config: description and provider_type beside the key file", () => {
    const config = parsed({
      provider_type: "google_drive",
      description: "Marketing shared drive, read-only",
      credentials: KEY_FILE,
      shared_drive_id: DRIVE.sharedDrive,
    });
    expect(config).toMatchObject({
      provider_type: "google_drive",
      description: "Marketing shared drive, read-only",
    });
    expect(issueAt({ provider_type: "gdrive", credentials: KEY_FILE }, "provider_type").message).toContain(
      '"google_drive"',
    );
  });

  it("takes gcloud's application_default_credentials.json with account, quota_project_id and universe_domain", () => {
    const config = parsed({ credentials: ADC_FILE });
    expect(config.credentials).toEqual(ADC_FILE);
  });

  it("takes an older ADC file (client_id, client_secret, refresh_token, type) and one without type", () => {
    const { account: _a, quota_project_id: _q, universe_domain: _u, ...older } = ADC_FILE;
    expect(parsed({ credentials: older }).credentials.type).toBe("authorized_user");
    const { type: _type, ...withoutType } = older;
    expect(parsed({ credentials: withoutType }).credentials.type).toBe("authorized_user");
  });

  it("keeps typos refused in the ADC file", () => {
    const issue = issueAt(
      { credentials: { ...ADC_FILE, quota_project: "acme-sync" } },
      "credentials.quota_project",
    );
    expect(issue.code).toBe("unrecognized_keys");
    expect(issue.message).toMatch(/^Unknown field/);
  });

  it.each([
    [
      "external_account",
      "workload identity federation",
      {
        universe_domain: "googleapis.com",
        type: "external_account",
        audience:
          "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ci/providers/github",
        subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
        token_url: "https://sts.googleapis.com/v1/token",
        service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${SA_EMAIL}:generateAccessToken`,
        credential_source: { file: "/var/run/secrets/token", format: { type: "text" } },
      },
    ],
    [
      "impersonated_service_account",
      "service account impersonation",
      {
        delegates: [],
        service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${SA_EMAIL}:generateAccessToken`,
        source_credentials: ADC_FILE,
        type: "impersonated_service_account",
      },
    ],
    [
      "external_account_authorized_user",
      "workforce identity federation",
      {
        type: "external_account_authorized_user",
        audience: "//iam.googleapis.com/locations/global/workforcePools/staff/providers/okta",
        refresh_token: "fake-sts-refresh-token",
        token_url: "https://sts.googleapis.com/v1/oauthtoken",
        token_info_url: "https://sts.googleapis.com/v1/introspect",
        client_id: "fake-workforce-client",
        client_secret: "fake-workforce-secret",
        universe_domain: "googleapis.com",
      },
    ],
  ])("refuses a %s file (%s), naming the supported credential types", (type, what, file) => {
    const issues = issuesOf({ credentials: file });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "credentials.type", code: "custom" });
    expect(issues[0]?.message).toBe(
      `Credentials of type "${type}" (${what}) are not supported: use a service account key ("service_account") ` +
        'or an OAuth user grant ("authorized_user").',
    );
  });

  it("names the supported types for any other type", () => {
    for (const type of ["user", "constructor"])
      expect(issueAt({ credentials: { ...KEY_FILE, type } }, "credentials.type").message).toBe(
        'Unknown or missing "type": choose one of "service_account" or "authorized_user".',
      );
  });

  it("refuses the OAuth client file (client_secret_….json), saying a user grant is what is missing", () => {
    const clientFile = {
      installed: {
        client_id: OAUTH_CLIENT.client_id,
        project_id: "acme-sync",
        auth_uri: "https://accounts.google.com/o/oauth2/auth",
        token_uri: "https://oauth2.googleapis.com/token",
        auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
        client_secret: OAUTH_CLIENT.client_secret,
        redirect_uris: ["http://localhost"],
      },
    };
    const issue = issueAt({ credentials: clientFile }, "credentials");
    expect(issue.message).toContain('OAuth client file ("installed")');
    expect(issue.message).toContain("refresh_token");
    expect(issueAt({ credentials: { web: clientFile.installed } }, "credentials").message).toContain(
      '("web")',
    );
  });

  it("refuses the key file pasted as a string", () => {
    const issue = issueAt({ credentials: JSON.stringify(KEY_FILE, null, 2) }, "credentials");
    expect(issue.message).toBe("This is the JSON file as a string: give its content as a JSON object.");
    expect(issue.message).not.toContain("PRIVATE KEY");
  });

  it("refuses the key file pasted one level too high (as the whole provider_config), pointing at credentials", () => {
    const issues = issuesOf({ provider_type: "google_drive", ...KEY_FILE });
    const atCredentials = issues
      .filter((issue) => issue.path === "credentials")
      .map((issue) => issue.message);
    expect(atCredentials).toContain(
      "The credential file's fields are at the top level: put the whole file under credentials.",
    );
    expect(issues.find((issue) => issue.path === "private_key")?.message).toMatch(/^Unknown field/);
  });

  it("refuses the key file nested one level too deep", () => {
    expect(issueAt({ credentials: { credentials: KEY_FILE } }, "credentials.credentials").message).toBe(
      "The credentials are nested one level too deep: give the file's content as credentials itself.",
    );
  });

  it("refuses a key file of another Google universe (its endpoints are not googleapis.com)", () => {
    issueAt({ credentials: { ...KEY_FILE, universe_domain: "s3nsapis.fr" } }, "credentials.universe_domain");
  });

  it("refuses a missing private key, naming the field", () => {
    const { private_key: _key, ...withoutKey } = KEY_FILE;
    expect(issueAt({ credentials: withoutKey }, "credentials.private_key").message).toBe("Required.");
  });

  it.each([
    ["folder_id", "folder", `https://drive.google.com/drive/folders/${DRIVE.myFolder}?usp=sharing`],
    ["folder_id", "folder", `https://drive.google.com/drive/u/0/folders/${DRIVE.myFolder}`],
    ["shared_drive_id", "shared drive", `https://drive.google.com/drive/folders/${DRIVE.sharedDrive}`],
  ])(
    "refuses the browser's address as %s, saying to keep only the id after /folders/",
    (field, what, url) => {
      const issue = issueAt({ credentials: KEY_FILE, [field]: url }, field);
      expect(issue.message).toBe(
        `This is the ${what}'s address: give only its ID, the part after /folders/ (without ?usp=… or other parameters).`,
      );
    },
  );

  it("refuses a folder id with characters Drive ids never have", () => {
    expect(issueAt({ credentials: KEY_FILE, folder_id: "Reports / 2024" }, "folder_id").message).toBe(
      "Give the folder's ID (letters, digits, - and _), the part of its address after /folders/.",
    );
  });

  describe("against the Google fake", () => {
    let fake: Awaited<ReturnType<typeof startGoogleFake>>;
    let egress: ReturnType<typeof createLoopbackGuard>;
    beforeAll(async () => {
      fake = await startGoogleFake();
      egress = createLoopbackGuard({
        "https://oauth2.googleapis.com": fake.url,
        "https://www.googleapis.com": fake.url,
      });
    });
    afterAll(async () => {
      await egress.close();
      await fake.close();
    });
    const run = (config: unknown) => provider.test(config, { egress, tokenCache: createTokenCache() });

    it("sends the ADC file's quota project as x-goog-user-project, as Google's libraries do", async () => {
      const before = fake.requests.length;
      const result = await run({ credentials: ADC_FILE });
      expect(result.details.result, result.message).toBe("success");
      const list = fake.requests.slice(before).find((request) => request.url.pathname === "/drive/v3/files");
      expect(list?.headers["x-goog-user-project"]).toBe("acme-sync");
    });

    it.each([
      [
        "with its line breaks escaped as \\n (copied out of a JSON string)",
        (pem: string) => pem.replace(/\n/g, "\\n"),
      ],
      ["with its line breaks lost (pasted into a one-line field)", (pem: string) => pem.replace(/\n/g, " ")],
      ["with Windows line breaks", (pem: string) => pem.replace(/\n/g, "\r\n")],
    ])("signs with a private key %s", async (_how, mangle) => {
      const credentials = { ...KEY_FILE, private_key: mangle(KEY_FILE.private_key) };
      expect(provider.validate({ credentials }).success).toBe(true);
      const result = await run({ credentials, folder_id: DRIVE.myFolder });
      expect(result.details.result, result.message).toBe("success");
    });
  });
});
