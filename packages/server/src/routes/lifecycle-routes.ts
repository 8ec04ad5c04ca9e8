import {
  archiveConnection,
  type ConnectionRecord,
  IllegalTransitionError,
  reactivateConnection,
  suspendConnection,
} from "@plugboard/core";
import type { Context } from "hono";
import {
  type App,
  CONNECTION_PATH,
  type Env,
  errorResponse,
  notFound,
  type RouteContext,
  view,
} from "./route-context.js";

/** POST …/suspend, …/reactivate and …/archive (final: anything after it answers 409). */
export function registerLifecycleRoutes(app: App, { store, now }: RouteContext): void {
  const transition =
    (apply: (record: ConnectionRecord, at: Date) => ConnectionRecord) => async (c: Context<Env>) => {
      const stored = await store.find(c.get("organizationId"), c.req.param("identifier") ?? "");
      if (!stored) return notFound(c);
      try {
        const saved = { ...stored, record: apply(stored.record, now()) };
        await store.save(saved);
        return c.json(view(saved));
      } catch (cause) {
        if (cause instanceof IllegalTransitionError)
          return errorResponse(c, 409, "illegal_transition", cause.message);
        throw cause;
      }
    };
  app.post(
    `${CONNECTION_PATH}/suspend`,
    transition((record, at) => suspendConnection(record, "Suspended through the API.", at)),
  );
  app.post(`${CONNECTION_PATH}/reactivate`, transition(reactivateConnection));
  app.post(`${CONNECTION_PATH}/archive`, transition(archiveConnection));
}
