import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import tiktok from "./tiktok-provider.js";

const { parsed, issuesOf } = validationProbe(tiktok);

/**
 * What TikTok hands out, as a user would paste it (all values fake):
 * - the developer portal's app page: "Client key" (aw…, sb… for a sandbox app) and "Client secret";
 * - Login Kit's token answer (POST /v2/oauth/token/): access_token (act.…), refresh_token (rft.…), open_id,
 *   scope (comma-separated), expires_in, refresh_expires_in, token_type "Bearer";
 * - the client-credentials answer: access_token (clt.…), expires_in, token_type.
 */
const CLIENT_KEY = "aw8k2m5q9t1v4x7z";
const SANDBOX_CLIENT_KEY = "sbawx1y2z3a4b5c6d7";
const CLIENT_SECRET = "Xq7Lm2Nb9Vc4Zr1Tp6Ks3Jh8Gf5Dd0Aa";
const ACCESS_TOKEN = "act.1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R9s0T!4823.e1";
const REFRESH_TOKEN = "rft.9z8Y7x6W5v4U3t2S1r0Q9p8O7n6M5l4K3j2I1h0G!4823.e1";
const CLIENT_TOKEN = "clt.5e6F7g8H9i0J1k2L3m4N5o6P7q8R9s0T1a2B3c4D!4823";
const OPEN_ID = "-000a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuV";

const tokenAnswer = {
  access_token: ACCESS_TOKEN,
  expires_in: 86_400,
  open_id: OPEN_ID,
  refresh_expires_in: 31_536_000,
  refresh_token: REFRESH_TOKEN,
  scope: "user.info.basic,video.list",
  token_type: "Bearer",
};

describe("tiktok: the shapes TikTok hands out", () => {
  it("Login Kit: access token, refresh token and open_id without mode read as a user token", () => {
    expect(parsed({ access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, open_id: OPEN_ID })).toEqual({
      mode: "user",
      access_token: ACCESS_TOKEN,
      refresh_token: REFRESH_TOKEN,
      open_id: OPEN_ID,
    });
  });

  it("Login Kit with the app's client key and secret kept alongside (for the sync's refresh)", () => {
    expect(
      parsed({
        access_token: ACCESS_TOKEN,
        refresh_token: REFRESH_TOKEN,
        open_id: OPEN_ID,
        client_key: CLIENT_KEY,
        client_secret: CLIENT_SECRET,
        required_scopes: ["user.info.basic", "video.list"],
      }),
    ).toMatchObject({ mode: "user", client_key: CLIENT_KEY });
  });

  it("the portal's client key and secret alone read as client credentials", () => {
    expect(parsed({ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET })).toEqual({
      mode: "client_credentials",
      client_key: CLIENT_KEY,
      client_secret: CLIENT_SECRET,
    });
  });

  it("a sandbox app's client key (sb…)", () => {
    expect(
      parsed({ mode: "client_credentials", client_key: SANDBOX_CLIENT_KEY, client_secret: CLIENT_SECRET }),
    ).toMatchObject({ client_key: SANDBOX_CLIENT_KEY });
  });

  it("the seed API's shape: description and provider_type inside the config", () => {
    expect(
      parsed({
        provider_type: "tiktok",
        description: "Brand account (Login Kit)",
        access_token: ACCESS_TOKEN,
        open_id: OPEN_ID,
      }),
    ).toMatchObject({ mode: "user", provider_type: "tiktok", description: "Brand account (Login Kit)" });
  });
});

describe("tiktok: typical mistakes name the field", () => {
  it("the whole token answer pasted, with or without mode: each extra field is named", () => {
    for (const input of [{ mode: "user", ...tokenAnswer }, tokenAnswer]) {
      const issues = issuesOf(input);
      expect(issues.map((issue) => issue.path).sort()).toEqual([
        "expires_in",
        "refresh_expires_in",
        "scope",
        "token_type",
      ]);
      for (const issue of issues) expect(issue.message).toMatch(/^Unknown field/);
    }
  });

  it("the refresh token pasted as the access token", () => {
    const issues = issuesOf({ access_token: REFRESH_TOKEN, open_id: OPEN_ID });
    expect(issues).toEqual([
      {
        path: "access_token",
        code: "invalid_format",
        message:
          "This is the refresh token (rft.…): paste the access token (act.…) here, and this one in refresh_token.",
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain(REFRESH_TOKEN.slice(4, 20));
  });

  it("an app's client token (clt.…) in user mode", () => {
    expect(issuesOf({ mode: "user", access_token: CLIENT_TOKEN })).toEqual([
      {
        path: "access_token",
        code: "invalid_format",
        message:
          'A client token (clt.…) cannot read a user: paste the user\'s access token (act.…), or use mode "client_credentials" with client_key and client_secret.',
      },
    ]);
  });

  it("the access token pasted as the refresh token", () => {
    expect(issuesOf({ access_token: ACCESS_TOKEN, refresh_token: ACCESS_TOKEN })).toEqual([
      {
        path: "refresh_token",
        code: "invalid_format",
        message: "This is an access token: the refresh token is the one starting with rft.",
      },
    ]);
  });

  it('the token copied from a curl line with its "Bearer " prefix', () => {
    expect(issuesOf({ access_token: `Bearer ${ACCESS_TOKEN}` })).toEqual([
      {
        path: "access_token",
        code: "invalid_format",
        message: 'Paste the token alone: no "Bearer ", spaces or line breaks.',
      },
    ]);
  });

  it("the client secret copied with a line break", () => {
    expect(
      issuesOf({ mode: "client_credentials", client_key: CLIENT_KEY, client_secret: `${CLIENT_SECRET}\n` }),
    ).toEqual([
      {
        path: "client_secret",
        code: "invalid_format",
        message: "Paste the secret alone: no spaces or line breaks.",
      },
    ]);
  });

  it("client credentials without the secret", () => {
    expect(issuesOf({ mode: "client_credentials", client_key: CLIENT_KEY })).toEqual([
      { path: "client_secret", code: "invalid_type", message: "Required." },
    ]);
  });

  it("the token answer's scope string as required_scopes", () => {
    const issues = issuesOf({ access_token: ACCESS_TOKEN, required_scopes: "user.info.basic,video.list" });
    expect(issues).toContainEqual({
      path: "required_scopes",
      code: "invalid_type",
      message: "Expected array.",
    });
  });
});
