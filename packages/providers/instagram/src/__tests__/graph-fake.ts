import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";

/** Tokens the fake knows, and how each behaves (Meta's documented error bodies). */
export const TOKENS = {
  valid: "IGQVJ-valid-token-7c1",
  expired: "IGQVJ-expired-token-2b8",
  noPermission: "IGQVJ-no-permission-5d0",
  throttled: "IGQVJ-throttled-9e4",
  fbValid: "EAAB-valid-fb-token-1a2",
  fbNarrow: "EAAB-narrow-fb-token-3c4",
} as const;
export const ACCOUNT = { userId: "17841400000000001", username: "acme.shop" } as const;
export const APP = { id: "138483919580948", secret: "app-secret-4f2a9" } as const;

const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: {
    message,
    type: code === 190 ? "OAuthException" : "GraphMethodException",
    code,
    ...extra,
    fbtrace_id: "AbCdEf123",
  },
});

/**
 * A fake of graph.instagram.com and graph.facebook.com: the token comes from `Authorization: Bearer` or the
 * `access_token` parameter, errors are classified by code/subcode as Meta documents, and refresh endpoints
 * are recorded so a test can prove it never refreshed a token.
 */
export function startGraphFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request, reply) => {
    const token =
      /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1] ??
      request.url.searchParams.get("access_token");
    const path = request.url.pathname.replace(/^\/v\d+\.\d+/, "");
    if (path === "/refresh_access_token" || path === "/access_token" || path === "/oauth/access_token") {
      return reply.json(400, graphError(100, "refresh is not allowed in tests"));
    }
    if (path === "/debug_token") {
      if (token !== `${APP.id}|${APP.secret}`)
        return reply.json(400, graphError(190, "Invalid OAuth access token - Cannot parse access token"));
      const input = request.url.searchParams.get("input_token");
      const known = input === TOKENS.fbValid || input === TOKENS.fbNarrow;
      const data = known
        ? {
            app_id: APP.id,
            type: "USER",
            is_valid: true,
            expires_at: 1_900_000_000,
            scopes: input === TOKENS.fbValid ? ["instagram_basic", "pages_show_list"] : ["pages_show_list"],
          }
        : { is_valid: false, error: { code: 190, error_subcode: 463, message: "Session has expired" } };
      return reply.json(200, { data });
    }
    if (!token)
      return reply.json(
        400,
        graphError(190, "An active access token must be used to query information about the current user."),
      );
    switch (token) {
      case TOKENS.expired:
        return reply.json(
          400,
          graphError(190, "Error validating access token: Session has expired.", { error_subcode: 463 }),
          {
            "www-authenticate": 'OAuth "Facebook Platform" "invalid_token" "Session has expired"',
          },
        );
      case TOKENS.noPermission:
        return reply.json(403, graphError(10, "(#10) Application does not have permission for this action"));
      case TOKENS.throttled:
        return reply.json(
          403,
          graphError(4, "(#4) Application request limit reached", { is_transient: true }),
        );
      case TOKENS.valid:
      case TOKENS.fbValid:
      case TOKENS.fbNarrow:
        break;
      default:
        return reply.json(400, graphError(190, "Invalid OAuth access token - Cannot parse access token"));
    }
    if (path === "/me")
      return reply.json(200, { user_id: ACCOUNT.userId, username: ACCOUNT.username, id: "9000000001" });
    if (path === `/${ACCOUNT.userId}`)
      return reply.json(200, { id: ACCOUNT.userId, username: ACCOUNT.username });
    return reply.json(
      400,
      graphError(
        100,
        `Unsupported get request. Object with ID '${path.slice(1)}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        { error_subcode: 33 },
      ),
    );
  });
}
