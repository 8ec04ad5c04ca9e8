import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";

/** API keys the fake knows. */
export const API_KEYS = {
  admin: "9f1c2b7e4d0a6c3b8e5f1a2d7c4b9e0f3a6d1c8b5e2f7a4c9b0d3e6f1a8c5b2e",
  zonesOnly: "2d7c4b9e0f3a6d1c8b5e2f7a4c9b0d3e6f1a8c5b2e9f1c2b7e4d0a6c3b8e5f1a",
  throttled: "7a4c9b0d3e6f1a8c5b2e9f1c2b7e4d0a6c3b8e5f1a2d7c4b9e0f3a6d1c8b5e2f",
} as const;

export const ZONES = [
  { name: "web_unlocker1", type: "unblocker", status: "active" },
  { name: "residential_main", type: "res_rotating", status: "active" },
  { name: "old_serp", type: "serp", status: "disabled" },
] as const;
export const DATASET = {
  id: "gd_l1vijqt9jfj7olije",
  name: "Crunchbase companies information",
  size: 2_300_000,
};

/**
 * A fake of api.brightdata.com's account endpoints, with the documented plain-text 401 bodies ("Credentials
 * are missing", "Auth method is not supported", "Invalid credentials"), a key limited to zone endpoints
 * (403 on datasets), and a throttled key. Billed endpoints (`/request`, dataset triggers) answer 418 so a test
 * that reaches one fails loudly.
 */
export function startAccountApiFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request, reply) => {
    if (request.url.pathname === "/request" || request.url.pathname.startsWith("/datasets/v3/"))
      return reply.text(418, "billed endpoint called by a test");
    const authorization = String(request.headers.authorization ?? "");
    if (!authorization) return reply.text(401, "Credentials are missing");
    const key = /^Bearer (.+)$/.exec(authorization)?.[1];
    if (key === undefined) return reply.text(401, "Auth method is not supported");
    if (key === API_KEYS.throttled) return reply.text(429, "Too many requests", { "retry-after": "5" });
    if (key !== API_KEYS.admin && key !== API_KEYS.zonesOnly) return reply.text(401, "Invalid credentials");
    switch (`${request.method} ${request.url.pathname}`) {
      case "GET /zone/get_active_zones":
        return reply.json(
          200,
          ZONES.filter((zone) => zone.status === "active").map(({ name, type }) => ({ name, type })),
        );
      case "GET /zone/get_all_zones":
        return reply.json(200, ZONES);
      case "GET /datasets/list":
        if (key !== API_KEYS.admin)
          return reply.text(403, "Forbidden: this API key has no access to datasets");
        return reply.json(200, [DATASET]);
      default:
        return reply.text(404, "Not found");
    }
  });
}
