import { type FakeHttpServer, type FakeReply, startFakeHttpServer } from "@plugboard/testkit";

/** User tokens the fake knows, with the scopes each was granted. */
export const USER_TOKENS = {
  full: "act.full-scope-token-8d1",
  basicOnly: "act.basic-only-token-3f7",
  expired: "act.expired-token-0c2",
  throttled: "act.throttled-token-6a9",
} as const;
const GRANTS: Record<string, string[]> = {
  [USER_TOKENS.full]: [
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.list",
    "video.publish",
  ],
  [USER_TOKENS.basicOnly]: ["user.info.basic"],
};
export const USER = { open_id: "afd97af1-b87b-48b9-ac98-410aghda5344", display_name: "Acme Shop" } as const;

/** Apps: one approved for the client-credentials grant (Research API), one Login Kit app that is not. */
export const APPS = {
  research: { key: "awresearch0001", secret: "research-secret-5b1" },
  loginKit: { key: "awloginkit0002", secret: "loginkit-secret-7e4" },
} as const;

// The user.info fields and the scope each needs (TikTok API v2 "Get User Info").
const FIELD_SCOPES: Record<string, string> = {
  open_id: "user.info.basic",
  union_id: "user.info.basic",
  avatar_url: "user.info.basic",
  display_name: "user.info.basic",
  username: "user.info.profile",
  is_verified: "user.info.profile",
  bio_description: "user.info.profile",
  follower_count: "user.info.stats",
  video_count: "user.info.stats",
};

const LOG_ID = "20261125031500CBE87ED59D524E727021";
const envelope = (
  reply: FakeReply,
  status: number,
  code: string,
  message: string,
  data: unknown = {},
  headers: Record<string, string> = {},
) =>
  reply.json(
    status,
    { data, error: { code, message, log_id: LOG_ID } },
    { "x-tt-logid": LOG_ID, ...headers },
  );

/**
 * A fake of open.tiktokapis.com: user tokens carry scopes, user.info fields need theirs
 * (`scope_permission_missed`), endpoints need theirs (`scope_not_authorized`), and the token endpoint
 * checks the client key and secret, answering OAuth errors with HTTP 200 as TikTok can. Refresh requests
 * are recorded so a test can prove a test never refreshes.
 */
export function startTiktokFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer(async (request, reply) => {
    const route = `${request.method} ${request.url.pathname}`;
    if (route === "POST /v2/oauth/token/") {
      if (!String(request.headers["content-type"]).startsWith("application/x-www-form-urlencoded"))
        return reply.json(400, {
          error: "invalid_request",
          error_description: "Content-Type",
          log_id: LOG_ID,
        });
      const form = new URLSearchParams(request.body);
      const app = Object.values(APPS).find((candidate) => candidate.key === form.get("client_key"));
      if (!app || app.secret !== form.get("client_secret"))
        return reply.json(200, {
          error: "invalid_client",
          error_description: "Client key or secret is incorrect.",
          log_id: LOG_ID,
        });
      if (form.get("grant_type") !== "client_credentials")
        return reply.json(200, { error: "invalid_grant", error_description: "refresh refused in tests" });
      if (app !== APPS.research)
        return reply.json(200, {
          error: "unauthorized_client",
          error_description: "The client is not authorized to request an access token using this method.",
          log_id: LOG_ID,
        });
      return reply.json(200, {
        access_token: "clt.issued-client-token",
        expires_in: 7200,
        token_type: "Bearer",
      });
    }

    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    if (token === USER_TOKENS.throttled)
      return envelope(reply, 429, "rate_limit_exceeded", "Rate limit exceeded.", {}, { "retry-after": "30" });
    const grants = token ? GRANTS[token] : undefined;
    if (!grants)
      return envelope(
        reply,
        401,
        "access_token_invalid",
        "The access token is invalid or not found in the request. Please refresh the token and retry.",
      );
    const needs = (scope: string) =>
      grants.includes(scope)
        ? undefined
        : envelope(reply, 401, "scope_not_authorized", "The user did not authorize the scope required.");

    if (route === "GET /v2/user/info/") {
      const fields = request.url.searchParams.get("fields")?.split(",").filter(Boolean) ?? [];
      if (fields.length === 0 || fields.some((field) => !FIELD_SCOPES[field]))
        return envelope(reply, 400, "invalid_params", "Invalid fields.");
      if (fields.some((field) => !grants.includes(FIELD_SCOPES[field] ?? "")))
        return envelope(reply, 400, "scope_permission_missed", "Some fields need additional scopes.");
      const user: Record<string, unknown> = {
        ...USER,
        union_id: "u-1",
        avatar_url: "https://p16.example/a.jpg",
        username: "acmeshop",
        is_verified: false,
        follower_count: 1200,
        video_count: 48,
      };
      return envelope(reply, 200, "ok", "", {
        user: Object.fromEntries(fields.map((field) => [field, user[field]])),
      });
    }
    if (route === "POST /v2/video/list/") {
      const body = JSON.parse(request.body || "{}") as { max_count?: number };
      if (
        !request.url.searchParams.get("fields") ||
        !(Number(body.max_count) >= 1 && Number(body.max_count) <= 20)
      )
        return envelope(reply, 400, "invalid_params", "max_count must be 1-20.");
      return (
        needs("video.list") ??
        envelope(reply, 200, "ok", "", { videos: [{ id: "7080213458555737391" }], cursor: 1, has_more: true })
      );
    }
    if (route === "POST /v2/post/publish/creator_info/query/") {
      return (
        needs("video.publish") ??
        envelope(reply, 200, "ok", "", { creator_username: "acmeshop", privacy_level_options: ["SELF_ONLY"] })
      );
    }
    return envelope(reply, 404, "invalid_params", `No route ${route}.`);
  });
}
