import { testOnLoopback, validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import { startGraphFake } from "./__tests__/graph-fake.js";
import instagram from "./instagram-provider.js";

const { parsed, issuesOf } = validationProbe(instagram);

/**
 * What Meta hands out, as a user would paste it (all values fake):
 * - Instagram Login: App Dashboard → Instagram → "API setup with Instagram business login" → "Generate access
 *   tokens" shows the professional account's id (17841…) and a long-lived (60 days) Instagram user token,
 *   seen to start with IGAA; the same page shows the Instagram app ID and secret.
 * - Facebook Login: a user, page or system-user token (EAA…) from the login flow or the Graph API Explorer,
 *   the account id from `/{page-id}?fields=instagram_business_account`, and the App ID and App secret from
 *   App settings → Basic.
 */
const IG_LOGIN_TOKEN = `IGAAR${"x7Kq2mPz".repeat(22)}ZDZD`;
const FB_USER_TOKEN = `EAAJ${"Zb3kQ9xLmW0".repeat(16)}ZDZD`;
const ACCOUNT_ID = "17841405822304914";
const APP_ID = "1234567890123456";
const APP_SECRET = "0123456789abcdef0123456789abcdef";

describe("instagram: the shapes Meta hands out", () => {
  it("an Instagram Login token alone reads as login_type instagram", () => {
    expect(parsed({ access_token: IG_LOGIN_TOKEN })).toEqual({
      login_type: "instagram",
      access_token: IG_LOGIN_TOKEN,
      graph_api_version: "v25.0",
    });
  });

  it("an Instagram Login token with the account id the dashboard shows, login_type given", () => {
    expect(
      parsed({ login_type: "instagram", access_token: IG_LOGIN_TOKEN, ig_user_id: ACCOUNT_ID }),
    ).toMatchObject({ login_type: "instagram", ig_user_id: ACCOUNT_ID });
  });

  it("a token and an account id without login_type fit both logins: say which one", () => {
    expect(issuesOf({ access_token: IG_LOGIN_TOKEN, ig_user_id: ACCOUNT_ID })).toEqual([
      {
        path: "login_type",
        code: "custom",
        message: 'Missing "login_type": these fields fit "instagram" or "facebook"; say which one.',
      },
    ]);
  });

  it("Facebook Login: user token, account id, App ID and App secret, without login_type", () => {
    expect(
      parsed({ access_token: FB_USER_TOKEN, ig_user_id: ACCOUNT_ID, app_id: APP_ID, app_secret: APP_SECRET }),
    ).toMatchObject({ login_type: "facebook", app_id: APP_ID, graph_api_version: "v25.0" });
  });

  it("Facebook Login: a page token with the permissions the sync needs and a newer Graph version", () => {
    expect(
      parsed({
        login_type: "facebook",
        access_token: FB_USER_TOKEN,
        ig_user_id: ACCOUNT_ID,
        required_scopes: ["instagram_basic", "pages_show_list", "instagram_manage_insights"],
        graph_api_version: "v26.0",
      }),
    ).toMatchObject({ login_type: "facebook", graph_api_version: "v26.0" });
  });

  it("Facebook Login: an app access token (App ID|App secret) is a token Graph accepts", () => {
    expect(
      parsed({ login_type: "facebook", access_token: `${APP_ID}|${APP_SECRET}`, ig_user_id: ACCOUNT_ID }),
    ).toMatchObject({ login_type: "facebook" });
  });

  it("the seed API's shape: description and provider_type inside the config", () => {
    expect(
      parsed({
        provider_type: "instagram",
        description: "Brand account, Instagram Login",
        access_token: IG_LOGIN_TOKEN,
      }),
    ).toMatchObject({ login_type: "instagram", provider_type: "instagram" });
    const wrongType = { login_type: "instagram", provider_type: "facebook", access_token: IG_LOGIN_TOKEN };
    expect(issuesOf(wrongType)).toEqual([
      expect.objectContaining({ path: "provider_type", message: expect.stringContaining('"instagram"') }),
    ]);
  });
});

describe("instagram: typical mistakes name the field", () => {
  it("Facebook Login without the account id", () => {
    expect(issuesOf({ login_type: "facebook", access_token: FB_USER_TOKEN })).toEqual([
      { path: "ig_user_id", code: "invalid_type", message: "Required." },
    ]);
  });

  it("a token with the App ID and secret but no account id reads as Facebook Login, missing the id", () => {
    expect(issuesOf({ access_token: FB_USER_TOKEN, app_id: APP_ID, app_secret: APP_SECRET })).toEqual([
      { path: "ig_user_id", code: "invalid_type", message: "Required." },
    ]);
  });

  it("the @username instead of the numeric account id", () => {
    const issues = issuesOf({
      login_type: "facebook",
      access_token: FB_USER_TOKEN,
      ig_user_id: "@acme.shop",
    });
    expect(issues).toEqual([
      {
        path: "ig_user_id",
        code: "invalid_format",
        message: "The numeric Instagram account id (such as 17841400000000000), not the @username.",
      },
    ]);
  });

  it('the token copied with its "Bearer " prefix, or with a line break, and never echoed', () => {
    for (const access_token of [`Bearer ${IG_LOGIN_TOKEN}`, `${IG_LOGIN_TOKEN}\n`]) {
      const issues = issuesOf({ login_type: "instagram", access_token });
      expect(issues).toEqual([
        {
          path: "access_token",
          code: "invalid_format",
          message: 'Paste the token alone: no "Bearer ", spaces or line breaks.',
        },
      ]);
      expect(JSON.stringify(issues)).not.toContain(IG_LOGIN_TOKEN.slice(0, 20));
    }
  });

  it("the app name instead of the numeric App ID", () => {
    const issues = issuesOf({
      login_type: "facebook",
      access_token: FB_USER_TOKEN,
      ig_user_id: ACCOUNT_ID,
      app_id: "Acme Publisher",
      app_secret: APP_SECRET,
    });
    expect(issues).toEqual([
      {
        path: "app_id",
        code: "invalid_format",
        message: "The numeric App ID shown in the Meta App Dashboard.",
      },
    ]);
  });

  it("Instagram Login with the Instagram app ID and secret: not used by this login, each named", () => {
    const issues = issuesOf({
      login_type: "instagram",
      access_token: IG_LOGIN_TOKEN,
      app_id: APP_ID,
      app_secret: APP_SECRET,
    });
    expect(issues.map((issue) => issue.path)).toEqual(["app_id", "app_secret"]);
    for (const issue of issues) expect(issue.message).toMatch(/^Unknown field/);
  });

  it("the whole token-exchange answer pasted: its extra fields are named", () => {
    const issues = issuesOf({
      login_type: "instagram",
      access_token: IG_LOGIN_TOKEN,
      token_type: "bearer",
      expires_in: 5_183_944,
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(["expires_in", "token_type"]);
    for (const issue of issues) expect(issue.message).toMatch(/^Unknown field/);
  });

  it('a Graph API version without its "v"', () => {
    expect(issuesOf({ access_token: IG_LOGIN_TOKEN, graph_api_version: "25.0" })).toEqual([
      { path: "graph_api_version", code: "invalid_format", message: "A Graph API version such as v25.0." },
    ]);
  });
});

describe("instagram: a token of the other login", () => {
  const run = async (config: unknown) => {
    const fake = await startGraphFake();
    try {
      const origins = { "https://graph.instagram.com": fake.url, "https://graph.facebook.com": fake.url };
      return await testOnLoopback(instagram, config, { origins, timeoutMs: 5_000 });
    } finally {
      await fake.close();
    }
  };

  it("a Facebook token under Instagram Login: Graph refuses it, and the message names the other login", async () => {
    const result = await run({ login_type: "instagram", access_token: FB_USER_TOKEN });
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toContain('set login_type to "facebook" with ig_user_id');
  });

  it("an Instagram Login token under Facebook Login: the same hint the other way", async () => {
    const result = await run({
      login_type: "facebook",
      access_token: IG_LOGIN_TOKEN,
      ig_user_id: ACCOUNT_ID,
    });
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toContain('set login_type to "instagram"');
  });
});
