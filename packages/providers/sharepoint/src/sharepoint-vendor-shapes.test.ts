import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import { createTokenCache } from "@plugboard/core";
import { createLoopbackGuard, validationProbe } from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPS,
  READER_CERTIFICATE,
  SITE_HOST,
  SITES,
  startGraphFake,
  TENANT_DOMAIN,
  TENANT_ID,
} from "./__tests__/graph-fake.js";
import provider from "./sharepoint-provider.js";

const { parsed, issuesOf, issueAt } = validationProbe(provider);

/**
 * What Microsoft hands people, pasted as they get it: the app registration's Overview values (GUIDs), a
 * client secret's Value (and its ID, pasted by mistake), `az ad sp create-for-rbac`'s output, a certificate
 * and key as `openssl` writes them, and site addresses as the browser shows them.
 */

/** A client secret's Value as the portal shows it once (40 characters, `…8Q~…`), and the secret's ID. */
const SECRET_VALUE = "Abc8Q~Zx1Cv2Bn3Mq4Wf5Ek6Rt7Yu8Ip9As0DgHj";
const SECRET_ID = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
const MARKETING_URL = `https://${SITE_HOST}${SITES.marketing.path}`;

/** The app registration's Overview page: Application (client) ID and Directory (tenant) ID. */
const overview = { tenant_id: TENANT_ID, client_id: APPS.reader.client_id };
const withSecret = (client_secret: string) => ({
  ...overview,
  credentials: { type: "client_secret", client_secret },
  site_url: MARKETING_URL,
});
const withCertificate = (certificate: string, private_key: string, extra: Record<string, string> = {}) => ({
  ...overview,
  credentials: { type: "certificate", certificate, private_key, ...extra },
  site_url: MARKETING_URL,
});

/** `az ad sp create-for-rbac --name plugboard-sharepoint`'s output. */
const AZ_OUTPUT = {
  appId: APPS.reader.client_id,
  displayName: "plugboard-sharepoint",
  password: SECRET_VALUE,
  tenant: TENANT_ID,
};

/** The certificate's SHA-1 thumbprint as the portal lists it (upper-case hex). */
const THUMBPRINT = createHash("sha1")
  .update(new X509Certificate(READER_CERTIFICATE.certificate).raw)
  .digest("hex")
  .toUpperCase();
const PASSPHRASE = "pem-pass-phrase-42";
/** `openssl req -x509 -newkey rsa:2048 -keyout key.pem` without `-nodes`: an encrypted PKCS#8 key. */
const ENCRYPTED_KEY = createPrivateKey(READER_CERTIFICATE.privateKey)
  .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE })
  .toString();
/** `openssl genrsa` of OpenSSL 1.x: a PKCS#1 key. */
const PKCS1_KEY = createPrivateKey(READER_CERTIFICATE.privateKey)
  .export({ type: "pkcs1", format: "pem" })
  .toString();
/** Key and certificate in one file, as @azure/identity's ClientCertificateCredential wants them. */
const COMBINED_PEM = `${READER_CERTIFICATE.privateKey}${READER_CERTIFICATE.certificate}`;

const PAGE_URL_MESSAGE =
  "This is the address of a page, library or sharing link, not of the site: give the site's address up to " +
  "its name (https://contoso.sharepoint.com/sites/Finance), and the library in drive_name.";

describe("sharepoint: the shapes Microsoft hands out", () => {
  it("takes the Overview page's GUIDs and a client secret's Value", () => {
    expect(parsed(withSecret(SECRET_VALUE))).toMatchObject({
      ...overview,
      credentials: { type: "client_secret", client_secret: SECRET_VALUE },
      cloud: "global",
    });
  });

  it('reads { client_secret } without "type" as a client secret, and { certificate, private_key } as a certificate', () => {
    expect(
      parsed({ ...withSecret(SECRET_VALUE), credentials: { client_secret: SECRET_VALUE } }).credentials.type,
    ).toBe("client_secret");
    const { credentials } = withCertificate(READER_CERTIFICATE.certificate, READER_CERTIFICATE.privateKey);
    const { type: _type, ...withoutType } = credentials;
    expect(parsed({ ...overview, credentials: withoutType, site_url: MARKETING_URL }).credentials.type).toBe(
      "certificate",
    );
  });

  it("takes the seed API's provider_config: description and provider_type beside the fields", () => {
    const config = parsed({
      provider_type: "sharepoint",
      description: "Marketing library",
      ...withSecret(SECRET_VALUE),
    });
    expect(config).toMatchObject({ provider_type: "sharepoint", description: "Marketing library" });
  });

  it("takes the tenant as a verified domain (the token endpoint accepts login.microsoftonline.com/{domain})", () => {
    expect(parsed({ ...withSecret(SECRET_VALUE), tenant_id: TENANT_DOMAIN }).tenant_id).toBe(TENANT_DOMAIN);
  });

  it("takes a GUID-shaped secret: older Azure CLIs generated such passwords, so only Entra ID can tell it from the secret's ID", () => {
    // A secret's ID pasted instead of its Value fails the test with AADSTS7000215, whose message says so.
    expect(parsed(withSecret(SECRET_ID))).toMatchObject({ credentials: { client_secret: SECRET_ID } });
  });

  it("refuses az ad sp create-for-rbac's output as the credentials, naming where each field goes", () => {
    const issues = issuesOf({ ...overview, credentials: AZ_OUTPUT, site_url: MARKETING_URL });
    expect(issues).toEqual([
      {
        path: "credentials",
        code: "custom",
        message:
          'This is the output of "az ad sp create-for-rbac": put appId in client_id and tenant in tenant_id, and ' +
          'give credentials as { "type": "client_secret", "client_secret": <password> }.',
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain(SECRET_VALUE);
  });

  it("refuses az ad sp create-for-rbac's output as the whole provider_config, naming the missing fields", () => {
    const issues = issuesOf({ ...AZ_OUTPUT, site_url: MARKETING_URL });
    const messages = (path: string) =>
      issues.filter((issue) => issue.path === path).map((issue) => issue.message);
    expect(messages("tenant_id")).toEqual(["Required."]);
    expect(messages("client_id")).toEqual(["Required."]);
    expect(messages("credentials")).toEqual(["Required."]);
    expect(messages("appId")).toContain('From "az ad sp create-for-rbac": put appId in client_id.');
    expect(messages("tenant")).toContain('From "az ad sp create-for-rbac": put tenant in tenant_id.');
    expect(messages("password")).toContain(
      'From "az ad sp create-for-rbac": put password in credentials.client_secret (type "client_secret").',
    );
    expect(messages("displayName")).toContain(
      'From "az ad sp create-for-rbac": displayName is not needed; leave it out.',
    );
    expect(messages("appId").some((message) => /^Unknown field/.test(message))).toBe(true);
    expect(JSON.stringify(issues)).not.toContain(SECRET_VALUE);
  });

  it("refuses a client ID that is no GUID, saying where to find it", () => {
    expect(
      issueAt({ ...withSecret(SECRET_VALUE), client_id: "plugboard-sharepoint" }, "client_id").message,
    ).toBe("Give the Application (client) ID, a GUID from the app registration's Overview page.");
  });

  it.each([
    ["the SharePoint host", "contoso.sharepoint.com", /^This is the SharePoint host, not the tenant/],
    [
      "the token endpoint",
      `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/token`,
      /^Give the Directory/,
    ],
    ["a multi-tenant alias", "common", /^Give the Directory \(tenant\) ID, a GUID/],
  ])("refuses %s as tenant_id, saying what to give", (_what, tenant, message) => {
    expect(issueAt({ ...withSecret(SECRET_VALUE), tenant_id: tenant }, "tenant_id").message).toMatch(message);
  });

  it.each([
    ["openssl req -x509 -nodes: PKCS#8 key", READER_CERTIFICATE.privateKey, {}],
    [
      "openssl without -nodes: encrypted key and its passphrase",
      ENCRYPTED_KEY,
      { private_key_passphrase: PASSPHRASE },
    ],
    ["openssl genrsa (1.x): PKCS#1 key", PKCS1_KEY, {}],
    ["one PEM file with key and certificate, in both fields", COMBINED_PEM, {}],
  ])("takes a certificate credential: %s", (_what, key, extra) => {
    const certificate = key === COMBINED_PEM ? COMBINED_PEM : READER_CERTIFICATE.certificate;
    expect(parsed(withCertificate(certificate, key, extra)).credentials.type).toBe("certificate");
  });

  it("refuses the portal's thumbprint pasted as the certificate", () => {
    for (const thumbprint of [THUMBPRINT, THUMBPRINT.toLowerCase().replace(/(..)(?!$)/g, "$1:")]) {
      const issue = issueAt(
        withCertificate(thumbprint, READER_CERTIFICATE.privateKey),
        "credentials.certificate",
      );
      expect(issue.message).toBe(
        "This is the certificate's thumbprint: paste the certificate itself, the PEM file uploaded to the app registration (-----BEGIN CERTIFICATE-----…).",
      );
    }
  });

  it("refuses the private key pasted as the certificate, and a .pfx, saying what to paste", () => {
    const swapped = issueAt(
      withCertificate(READER_CERTIFICATE.privateKey, READER_CERTIFICATE.privateKey),
      "credentials.certificate",
    );
    expect(swapped.message).toBe(
      "This is a private key: paste the certificate (-----BEGIN CERTIFICATE-----…) here, and the key in private_key.",
    );
    expect(swapped.message).not.toContain("MII");
    const pfx = issueAt(
      withCertificate("MIIKcQIBAzCCCjcGCSqGSIb3DQEHAaCCCigEggok", "x"),
      "credentials.certificate",
    );
    expect(pfx.message).toContain("openssl pkcs12 -in cert.pfx -clcerts -nokeys");
  });

  it("refuses a certificate credential without its private key, naming the field", () => {
    const issues = issuesOf({
      ...overview,
      credentials: { type: "certificate", certificate: READER_CERTIFICATE.certificate },
      site_url: MARKETING_URL,
    });
    expect(issues).toEqual([{ path: "credentials.private_key", code: "invalid_type", message: "Required." }]);
  });

  it.each([
    ["the site's address", MARKETING_URL],
    ["with a trailing slash", `${MARKETING_URL}/`],
    ["a team site under /teams/", `https://${SITE_HOST}/teams/Engineering`],
    ["a subsite", `${MARKETING_URL}/Campaigns`],
    ["the root site", `https://${SITE_HOST}`],
  ])("takes a site URL: %s", (_what, site_url) => {
    expect(parsed({ ...withSecret(SECRET_VALUE), site_url }).site_url).toBe(site_url);
  });

  it.each([
    ["a library view", "https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Forms/AllItems.aspx"],
    [
      "a folder in a library view",
      "https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FFinance%2FShared%20Documents%2FReports",
    ],
    ["the site's home page", "https://contoso.sharepoint.com/sites/Finance/SitePages/Home.aspx"],
    ["a library's address", "https://contoso.sharepoint.com/sites/Finance/Shared%20Documents"],
    [
      "a sharing link",
      "https://contoso.sharepoint.com/:f:/r/sites/Finance/Shared%20Documents/Reports?csf=1&web=1&e=AbC123",
    ],
    ["site contents", "https://contoso.sharepoint.com/sites/Finance/_layouts/15/viewlsts.aspx"],
    ["a list", "https://contoso.sharepoint.com/sites/Finance/Lists/Invoices/AllItems.aspx"],
  ])(
    "refuses %s as site_url, saying to give the site's address and the library in drive_name",
    (_what, url) => {
      expect(issueAt({ ...withSecret(SECRET_VALUE), site_url: url }, "site_url").message).toBe(
        PAGE_URL_MESSAGE,
      );
    },
  );

  describe("against the Graph fake", () => {
    let fake: Awaited<ReturnType<typeof startGraphFake>>;
    let egress: ReturnType<typeof createLoopbackGuard>;
    beforeAll(async () => {
      fake = await startGraphFake();
      egress = createLoopbackGuard({
        "https://login.microsoftonline.com": fake.url,
        "https://graph.microsoft.com": fake.url,
      });
    });
    afterAll(async () => {
      await egress.close();
      await fake.close();
    });
    const run = (config: unknown) => provider.test(config, { egress, tokenCache: createTokenCache() });

    it("asks the token endpoint of the tenant's verified domain", async () => {
      const before = fake.requests.length;
      const result = await run({ ...withSecret(APPS.reader.client_secret), tenant_id: TENANT_DOMAIN });
      expect(result.details.result, result.message).toBe("success");
      expect(fake.requests[before]?.url.pathname).toBe(`/${TENANT_DOMAIN}/oauth2/v2.0/token`);
    });

    it.each([
      ["an encrypted key and its passphrase", READER_CERTIFICATE.certificate, ENCRYPTED_KEY, PASSPHRASE],
      ["a PKCS#1 key", READER_CERTIFICATE.certificate, PKCS1_KEY, undefined],
      ["one PEM file with key and certificate, in both fields", COMBINED_PEM, COMBINED_PEM, undefined],
      [
        "PEMs with their line breaks escaped as \\n",
        READER_CERTIFICATE.certificate.replace(/\n/g, "\\n"),
        READER_CERTIFICATE.privateKey.replace(/\n/g, "\\n"),
        undefined,
      ],
      [
        "PEMs with their line breaks lost",
        READER_CERTIFICATE.certificate.replace(/\n/g, " "),
        READER_CERTIFICATE.privateKey.replace(/\n/g, " "),
        undefined,
      ],
    ])("signs the client assertion with %s", async (_what, certificate, key, passphrase) => {
      const extra: Record<string, string> = passphrase ? { private_key_passphrase: passphrase } : {};
      const result = await run(withCertificate(certificate, key, extra));
      expect(result.details.result, result.message).toBe("success");
    });

    it('finds the library by the name its address shows ("Shared Documents" is the library "Documents")', async () => {
      const result = await run({ ...withSecret(APPS.reader.client_secret), drive_name: "Shared Documents" });
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toBe('Opened document library "Documents" of site "Marketing".');
    });
  });
});
