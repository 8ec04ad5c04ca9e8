import { createPrivateKey } from "node:crypto";
import { createTokenCache } from "@plugboard/core";
import { createLoopbackGuard, validationProbe } from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_CONFIG, ENTERPRISE_ID, FOLDERS, startBoxFake } from "./__tests__/box-fake.js";
import provider from "./box-provider.js";

const { parsed, issuesOf, issueAt } = validationProbe(provider);

/**
 * What Box hands people, pasted as they get it: the app config JSON the Developer Console downloads (with a
 * generated key pair, without one, with its `webhooks` keys), and the console's client-credentials values.
 */

const settings = APP_CONFIG.boxAppSettings;
const PATH = "credentials.app_config.boxAppSettings.appAuth";

/** `<enterprise>_<key id>_config.json`, as Box downloads it on "Generate a Public/Private Keypair". */
const CONFIG_FILE = {
  boxAppSettings: {
    clientID: settings.clientID,
    clientSecret: settings.clientSecret,
    appAuth: { ...settings.appAuth },
  },
  webhooks: { primaryKey: "", secondaryKey: "" },
  enterpriseID: ENTERPRISE_ID,
};

/** The same file downloaded from App Settings without generating a key pair: Box leaves the key empty. */
const CONFIG_FILE_WITHOUT_KEY_PAIR = {
  ...CONFIG_FILE,
  boxAppSettings: {
    ...CONFIG_FILE.boxAppSettings,
    appAuth: { publicKeyID: "", privateKey: "", passphrase: "" },
  },
};

/** Client-credentials values as the console shows them: 32-character client ID and secret, a numeric enterprise ID. */
const CCG_VALUES = {
  client_id: "k7p2m9x4q1w8e5r3t6y0u2i9o4p7a1s3",
  client_secret: "Zx8Cv2Bn5Mq1Wf4Ek7Rt0Yu3Ip6As9Dg",
  subject_type: "enterprise",
  subject_id: "918273645",
};

const withAppAuth = (appAuth: Record<string, string>) => ({
  ...CONFIG_FILE,
  boxAppSettings: {
    ...CONFIG_FILE.boxAppSettings,
    appAuth: { ...CONFIG_FILE.boxAppSettings.appAuth, ...appAuth },
  },
});

describe("box: the shapes Box hands out", () => {
  it("takes the app config JSON downloaded with a generated key pair, webhooks included", () => {
    const config = parsed({ credentials: { type: "jwt", app_config: CONFIG_FILE } });
    expect(config.credentials).toEqual({ type: "jwt", app_config: CONFIG_FILE });
    expect(config.folder_id).toBe("0");
  });

  it('reads { app_config } without "type" as a JWT app', () => {
    expect(parsed({ credentials: { app_config: CONFIG_FILE } }).credentials.type).toBe("jwt");
  });

  it("takes the seed API's provider_config: description and provider_type beside the credentials", () => {
    const config = parsed({
      provider_type: "box",
      description: "Finance share",
      credentials: { app_config: CONFIG_FILE },
      folder_id: FOLDERS.reports,
    });
    expect(config).toMatchObject({ provider_type: "box", description: "Finance share" });
  });

  it("takes the webhook signature keys when the file has them, and treats them as secrets", () => {
    const webhooks = {
      primaryKey: "Pk4Tq9Lm2Xw7Rb1Nc6Vz3Hs8Jd5Fg0Ka",
      secondaryKey: "Sk1Yh6Ue3Io8Pa5Sd2Fg7Hj4Kl9Zx0Cv",
    };
    const credentials = { type: "jwt", app_config: { ...CONFIG_FILE, webhooks } };
    expect(parsed({ credentials }).credentials).toEqual(credentials);
    expect(provider.secretFields).toEqual(
      expect.arrayContaining([
        "credentials.app_config.webhooks.primaryKey",
        "credentials.app_config.webhooks.secondaryKey",
      ]),
    );
    const redacted = JSON.stringify(provider.redact({ credentials }));
    expect(redacted).not.toContain(webhooks.primaryKey);
    expect(redacted).not.toContain(webhooks.secondaryKey);
  });

  it("keeps typos refused inside the webhooks object", () => {
    const issue = issueAt(
      { credentials: { app_config: { ...CONFIG_FILE, webhooks: { primary_key: "x" } } } },
      "credentials.app_config.webhooks.primary_key",
    );
    expect(issue.message).toMatch(/^Unknown field/);
  });

  it("refuses the config downloaded without a key pair, saying to generate one and download the config then", () => {
    const issues = issuesOf({ credentials: { type: "jwt", app_config: CONFIG_FILE_WITHOUT_KEY_PAIR } });
    expect(issues.map((issue) => issue.path).sort()).toEqual([`${PATH}.privateKey`, `${PATH}.publicKeyID`]);
    for (const issue of issues) {
      expect(issue.message).toContain("Generate a Public/Private Keypair");
      expect(issue.message).toContain("paste the config JSON Box downloads then");
    }
    expect(issues.find((issue) => issue.path === `${PATH}.publicKeyID`)?.message).toMatch(
      /^Empty: this app config was downloaded without a key pair\./,
    );
  });

  it("refuses a config whose public key was added by hand but whose private key was not pasted in", () => {
    const issue = issueAt(
      { credentials: { app_config: withAppAuth({ privateKey: "", passphrase: "" }) } },
      `${PATH}.privateKey`,
    );
    expect(issue.message).toContain("For a key pair you added yourself, paste its PEM private key here.");
  });

  it("takes a key pair of your own with an unencrypted private key and an empty passphrase", () => {
    const plainKey = createPrivateKey({
      key: settings.appAuth.privateKey,
      passphrase: settings.appAuth.passphrase,
    })
      .export({ type: "pkcs8", format: "pem" })
      .toString();
    const app_config = withAppAuth({ privateKey: plainKey, passphrase: "" });
    expect(parsed({ credentials: { app_config } }).credentials.type).toBe("jwt");
  });

  it("refuses the app config JSON pasted as the credentials themselves, saying where it goes", () => {
    const issues = issuesOf({ credentials: CONFIG_FILE });
    expect(issues).toEqual([
      {
        path: "credentials",
        code: "custom",
        message:
          'This is the Box app config JSON: give it as credentials.app_config, with credentials.type "jwt".',
      },
    ]);
    expect(issueAt({ credentials: { type: "jwt", ...CONFIG_FILE } }, "credentials").message).toContain(
      "credentials.app_config",
    );
  });

  it("refuses the app config JSON pasted as the whole provider_config, pointing at credentials", () => {
    const issues = issuesOf({ provider_type: "box", ...CONFIG_FILE });
    expect(issues.filter((issue) => issue.path === "credentials").map((issue) => issue.message)).toContain(
      'The Box app config JSON is at the top level: give it as credentials.app_config, with credentials.type "jwt".',
    );
    expect(issues.find((issue) => issue.path === "boxAppSettings")?.message).toMatch(/^Unknown field/);
  });

  it("refuses an enterprise ID typed as a number (the file has it as a string)", () => {
    const issue = issueAt(
      { credentials: { app_config: { ...CONFIG_FILE, enterpriseID: Number(ENTERPRISE_ID) } } },
      "credentials.app_config.enterpriseID",
    );
    expect(issue.message).toBe("Expected string.");
  });

  it('reads the console\'s client-credentials values without "type" as a client credentials grant', () => {
    expect(parsed({ credentials: CCG_VALUES }).credentials).toEqual({
      type: "client_credentials",
      ...CCG_VALUES,
    });
    expect(
      parsed({ credentials: { ...CCG_VALUES, subject_type: "user", subject_id: "20455" } }),
    ).toBeTruthy();
  });

  it("refuses client credentials without the subject, naming the missing fields", () => {
    const { subject_type: _t, subject_id: _i, ...idAndSecret } = CCG_VALUES;
    const issues = issuesOf({ credentials: { type: "client_credentials", ...idAndSecret } });
    expect(issues.map((issue) => issue.path)).toEqual(["credentials.subject_type", "credentials.subject_id"]);
    // A missing choice is reported with its options (zod's wording for an absent enum value).
    expect(issues[0]?.message).toMatch(/"enterprise".*"user"/);
    expect(issues[1]?.message).toBe("Required.");
  });

  it("refuses the token request's own field names (box_subject_type, box_subject_id), naming them", () => {
    const { subject_type, subject_id, ...idAndSecret } = CCG_VALUES;
    const issues = issuesOf({
      credentials: {
        type: "client_credentials",
        ...idAndSecret,
        box_subject_type: subject_type,
        box_subject_id: subject_id,
      },
    });
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(byPath["credentials.box_subject_type"]).toMatch(/^Unknown field/);
    expect(byPath["credentials.box_subject_id"]).toMatch(/^Unknown field/);
    expect(byPath["credentials.subject_type"]).toMatch(/"enterprise".*"user"/);
    expect(byPath["credentials.subject_id"]).toBe("Required.");
  });

  it('reads a developer token without "type"', () => {
    expect(
      parsed({ credentials: { developer_token: "Dv0T9k8J7h6G5f4D3s2A1q0W9e8R7t6Y" } }).credentials.type,
    ).toBe("developer_token");
  });

  it.each([["https://app.box.com/folder/11446498"], ["https://acme.app.box.com/folder/11446498?s=abc"]])(
    "refuses the folder's address (%s) as folder_id, saying to keep the number",
    (url) => {
      expect(issueAt({ credentials: { app_config: CONFIG_FILE }, folder_id: url }, "folder_id").message).toBe(
        "This is the folder's address: give only the number at its end (…/folder/<number>).",
      );
    },
  );

  it("refuses a folder id that is no number", () => {
    expect(
      issueAt({ credentials: { app_config: CONFIG_FILE }, folder_id: "d_123" }, "folder_id").message,
    ).toBe('Give the folder\'s number, the end of its address (…/folder/<number>); "0" is All Files.');
  });

  describe("against the Box fake", () => {
    let fake: Awaited<ReturnType<typeof startBoxFake>>;
    let egress: ReturnType<typeof createLoopbackGuard>;
    beforeAll(async () => {
      fake = await startBoxFake();
      egress = createLoopbackGuard({ "https://api.box.com": fake.url });
    });
    afterAll(async () => {
      await egress.close();
      await fake.close();
    });
    const run = (config: unknown) => provider.test(config, { egress, tokenCache: createTokenCache() });

    it("authenticates with the downloaded config JSON, webhooks and all", async () => {
      const result = await run({ credentials: { app_config: CONFIG_FILE }, folder_id: FOLDERS.reports });
      expect(result.details.result, result.message).toBe("success");
    });

    it("authenticates with a key pair of your own: unencrypted key, empty passphrase", async () => {
      const plainKey = createPrivateKey({
        key: settings.appAuth.privateKey,
        passphrase: settings.appAuth.passphrase,
      })
        .export({ type: "pkcs1", format: "pem" })
        .toString();
      const result = await run({
        credentials: { app_config: withAppAuth({ privateKey: plainKey, passphrase: "" }) },
      });
      expect(result.details.result, result.message).toBe("success");
    });

    it("reports an encrypted key with an empty passphrase as invalid_config, before any request", async () => {
      const before = fake.requests.length;
      const result = await run({ credentials: { app_config: withAppAuth({ passphrase: "" }) } });
      expect(result.details.result).toBe("invalid_config");
      expect(result.message).toContain("an encrypted key needs its passphrase");
      expect(fake.requests.length).toBe(before);
    });

    it.each([
      ["with its line breaks escaped as \\n", (pem: string) => pem.replace(/\n/g, "\\n")],
      ["with its line breaks lost", (pem: string) => pem.replace(/\n/g, " ")],
    ])("signs with a private key %s", async (_how, mangle) => {
      const app_config = withAppAuth({ privateKey: mangle(settings.appAuth.privateKey) });
      const result = await run({ credentials: { app_config } });
      expect(result.details.result, result.message).toBe("success");
    });
  });
});
