import { type FakeHttpServer, type FakeHttpServerOptions, startFakeHttpServer } from "@plugboard/testkit";

/** Credentials the fake Notes API accepts. */
export const NOTES_API_KEY = "notes-key-3b9d2f7a";
export const NOTES_USER = { username: "alice", password: "correct horse battery" };

/** Workspaces of the fake and how each behaves. */
export const WORKSPACES = {
  open: "team-notes",
  forbidden: "board-only",
  busy: "busy",
  broken: "broken",
} as const;

/**
 * A fake of the example Notes API, following its (imaginary) documentation: bearer or Basic auth checked
 * on every request, documented error bodies, and a careless habit of echoing the credentials it refused.
 */
export function startNotesApiFake(options: FakeHttpServerOptions = {}): Promise<FakeHttpServer> {
  const basic = `Basic ${Buffer.from(`${NOTES_USER.username}:${NOTES_USER.password}`).toString("base64")}`;
  return startFakeHttpServer((request, reply) => {
    const match = /^\/v1\/workspaces\/([^/]+)$/.exec(request.url.pathname);
    if (request.method !== "GET" || !match)
      return reply.json(404, { error: { code: "no_route", message: "Unknown endpoint" } });
    const authorization = String(request.headers.authorization ?? "");
    if (authorization !== `Bearer ${NOTES_API_KEY}` && authorization !== basic) {
      return reply.json(401, {
        error: { code: "invalid_credentials", message: `Credentials "${authorization}" are invalid` },
      });
    }
    const workspace = decodeURIComponent(match[1] ?? "");
    switch (workspace) {
      case WORKSPACES.open:
        return reply.json(200, { name: "Team notes", notes: 42 });
      case WORKSPACES.forbidden:
        return reply.json(403, { error: { code: "forbidden", message: "Board members only" } });
      case WORKSPACES.busy:
        return reply.json(
          429,
          { error: { code: "rate_limited", message: "Slow down" } },
          { "retry-after": "30" },
        );
      case WORKSPACES.broken:
        return reply.json(503, { error: { code: "unavailable", message: "Maintenance" } });
      default:
        return reply.json(404, { error: { code: "workspace_not_found", message: "No such workspace" } });
    }
  }, options);
}
