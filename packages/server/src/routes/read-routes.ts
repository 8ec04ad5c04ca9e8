import { type App, CONNECTION_PATH, notFound, type RouteContext, view } from "./route-context.js";

/** GET the organization's connections, and one by id or name. */
export function registerReadRoutes(app: App, { store }: RouteContext): void {
  app.get("/v1/organizations/connections", async (c) =>
    c.json({ data: (await store.list(c.get("organizationId"))).map(view) }),
  );
  app.get(CONNECTION_PATH, async (c) => {
    const stored = await store.find(c.get("organizationId"), c.req.param("identifier"));
    return stored ? c.json(view(stored)) : notFound(c);
  });
}
