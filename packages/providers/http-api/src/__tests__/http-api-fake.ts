import { randomBytes } from "node:crypto";
import {
  type FakeHttpServer,
  type FakeHttpServerOptions,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from "@plugboard/testkit";

/** Credentials the fake API accepts. */
export const API = {
  username: "reporter",
  password: "correct horse battery staple",
  token: "tok_5f1c9a7e2b8d4c6a",
  apiKeyHeader: "X-API-Key",
  apiKeyParam: "api_key",
  apiKey: "key_8d2b6f0a4c9e1b7d",
  client: { id: "plugboard reports", secret: "cs_3e7a9c1f5b2d8e4a" },
  scopes: ["reports.read", "reports.write"],
} as const;

/** Options of {@link startHttpApiFake}. */
export interface HttpApiFakeOptions {
  /** Client authentication methods the token endpoint accepts (RFC 6749 §2.3.1; default both). */
  clientAuth?: Array<"basic" | "body">;
  /** Where `/v1/elsewhere` redirects (another host); default the fake itself. */
  elsewhere?: string;
  server?: FakeHttpServerOptions;
}

/** A running fake, with the tokens its token endpoint issued. */
export interface HttpApiFake extends FakeHttpServer {
  issuedTokens: Set<string>;
}

const BASIC = `Basic ${Buffer.from(`${API.username}:${API.password}`).toString("base64")}`;

/** RFC 6749 Appendix B: the client id and secret are form-urlencoded before Basic encoding. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** RFC 6749 §5.2 error answer. */
function oauthError(reply: FakeReply, status: number, error: string, description: string, basicUsed = false) {
  return reply.json(
    status,
    { error, error_description: description },
    {
      "cache-control": "no-store",
      ...(basicUsed ? { "www-authenticate": 'Basic realm="token"' } : {}),
    },
  );
}

/**
 * The token endpoint (RFC 6749 §4.4 client credentials): checks the grant, that the client authenticates in
 * exactly one accepted way with the right id and secret, and the scope; answers RFC 6749 bodies.
 */
function tokenEndpoint(
  request: RecordedRequest,
  reply: FakeReply,
  options: HttpApiFakeOptions,
  issued: Set<string>,
) {
  const accepted = options.clientAuth ?? ["basic", "body"];
  if (!String(header(request, "content-type")).startsWith("application/x-www-form-urlencoded"))
    return oauthError(reply, 400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
  const form = new URLSearchParams(request.body);
  const authorization = header(request, "authorization");
  const basicUsed = authorization?.startsWith("Basic ") ?? false;
  const bodyUsed = form.has("client_secret");
  if (basicUsed && bodyUsed)
    return oauthError(reply, 400, "invalid_request", "Use only one client authentication method.");

  let client: { id: string; secret: string } | undefined;
  if (basicUsed) {
    const decoded = Buffer.from(authorization?.slice(6) ?? "", "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    client = { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } else if (bodyUsed) {
    client = { id: form.get("client_id") ?? "", secret: form.get("client_secret") ?? "" };
  }
  const method = basicUsed ? "basic" : "body";
  if (
    !client ||
    !accepted.includes(method) ||
    client.id !== API.client.id ||
    client.secret !== API.client.secret
  )
    return oauthError(
      reply,
      basicUsed ? 401 : 400,
      "invalid_client",
      "Client authentication failed.",
      basicUsed,
    );
  if (form.get("grant_type") !== "client_credentials")
    return oauthError(reply, 400, "unsupported_grant_type", "Only client_credentials is supported.");
  const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
  const unknown = scopes.find((scope) => !(API.scopes as readonly string[]).includes(scope));
  if (unknown !== undefined)
    return oauthError(reply, 400, "invalid_scope", `The client may not request scope ${unknown}.`);
  const token = `at_${randomBytes(16).toString("hex")}`;
  issued.add(token);
  return reply.json(
    200,
    { access_token: token, token_type: "Bearer", expires_in: 3600, scope: scopes.join(" ") },
    { "cache-control": "no-store" },
  );
}

/** Whether the request carries one of the credentials the API accepts. */
function authenticated(request: RecordedRequest, issued: Set<string>): boolean {
  const authorization = header(request, "authorization");
  if (authorization === BASIC) return true;
  if (authorization?.startsWith("Bearer ")) {
    const token = authorization.slice(7);
    if (token === API.token || issued.has(token)) return true;
  }
  if (header(request, API.apiKeyHeader) === API.apiKey) return true;
  return request.url.searchParams.get(API.apiKeyParam) === API.apiKey;
}

/** 401 with the challenge RFC 6750 / RFC 7617 describe. */
function unauthorized(request: RecordedRequest, reply: FakeReply) {
  const bearer = header(request, "authorization")?.startsWith("Bearer ");
  return reply.json(
    401,
    { error: "unauthorized", message: "Missing or invalid credentials" },
    { "www-authenticate": bearer ? 'Bearer realm="api", error="invalid_token"' : 'Basic realm="api"' },
  );
}

/**
 * A fake of a typical authenticated JSON API and its OAuth2 token endpoint, behaving as the RFCs say:
 * every protected route checks Basic (RFC 7617), Bearer (RFC 6750: static or issued tokens), an API key
 * header or query parameter, and refuses anything else with 401. `/v1/public` checks nothing (a public
 * endpoint); the other routes fail in one documented way each.
 */
export async function startHttpApiFake(options: HttpApiFakeOptions = {}): Promise<HttpApiFake> {
  const issued = new Set<string>();
  let origin = "";
  const server = await startFakeHttpServer((request, reply) => {
    const path = request.url.pathname;
    const routes = [
      "/oauth/token",
      "/v1/public",
      "/v1/busy",
      "/v1/broken",
      "/v1/loop",
      "/v1/old-me",
      "/v1/elsewhere",
    ];
    const protectedRoutes = ["/v1/me", "/v1/admin", "/v1/created"];
    if (!routes.includes(path) && !protectedRoutes.includes(path))
      return reply.json(404, { error: "not_found", message: `No route ${path}` });
    if (path === "/oauth/token") {
      if (request.method !== "POST")
        return reply.json(405, { error: "method_not_allowed" }, { allow: "POST" });
      return tokenEndpoint(request, reply, options, issued);
    }
    if (request.method !== "GET" && request.method !== "HEAD")
      return reply.json(405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
    if (path === "/v1/public") return reply.json(200, { status: "ok" });
    if (path === "/v1/busy")
      return reply.json(429, { error: "rate_limited", message: "Slow down" }, { "retry-after": "7" });
    if (path === "/v1/broken")
      return reply.json(503, { error: "unavailable", message: "Maintenance" }, { "x-request-id": "req-503" });
    if (path === "/v1/loop") return reply.send({ status: 302, headers: { location: "/v1/loop" } });
    if (path === "/v1/old-me") return reply.send({ status: 301, headers: { location: "/v1/me" } });
    if (path === "/v1/elsewhere")
      return reply.send({ status: 302, headers: { location: `${options.elsewhere ?? origin}/v1/me` } });
    if (!authenticated(request, issued)) return unauthorized(request, reply);
    if (path === "/v1/admin") return reply.json(403, { error: "forbidden", message: "Admins only" });
    if (path === "/v1/created") return reply.json(201, { id: 7 });
    return reply.json(200, { id: 42, name: "Reporting" });
  }, options.server);
  origin = server.url;
  return Object.assign(server, { issuedTokens: issued });
}
