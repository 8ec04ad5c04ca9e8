import type { KeyRing, ProviderRegistry } from "@plugboard/core";
import { Hono } from "hono";
import { hashApiKey } from "./api-keys.js";
import { openApiDocument } from "./openapi.js";
import { registerCreateAndTestRoutes } from "./routes/create-routes.js";
import { registerLifecycleRoutes } from "./routes/lifecycle-routes.js";
import { registerReadRoutes } from "./routes/read-routes.js";
import { type Env, errorResponse, type RouteContext } from "./routes/route-context.js";
import { registerUpdateRoute } from "./routes/update-routes.js";
import { SealingKeyMissingError } from "./sealing-key-missing.js";
import type { ConnectionStore } from "./store/connection-store.js";

/** What the connections API is built from. */
export interface ConnectionsAppOptions {
  registry: ProviderRegistry;
  store: ConnectionStore;
  /** Seals secrets at rest (AES-256-GCM, bound to organization and connection). */
  keyRing: KeyRing;
  /** The clock (tests move it). */
  now?: () => Date;
  /**
   * One line per request: method, route, status, organization. Never a body, a header value or a secret.
   * Also a `level: "warn"` line, once per connection, for a connection sealed with a key missing from the ring.
   */
  log?: (line: Record<string, unknown>) => void;
}

/**
 * The seed's connections API on Plugboard: create (tested first unless `test_before_save` is false), test by
 * id or name (the result moves the lifecycle), list, get, update, suspend / reactivate / archive. Every route
 * is scoped to the organization of the `Authorization: Bearer sk_…` key. The routes live in `routes/`; this
 * file adds what wraps them all (request log, error handler, API-key check, OpenAPI).
 */
export function createConnectionsApp(options: ConnectionsAppOptions): Hono<Env> {
  const { registry, store, keyRing } = options;
  const context: RouteContext = {
    registry,
    store,
    keyRing,
    now: options.now ?? (() => new Date()),
    log: options.log,
  };
  const app = new Hono<Env>();

  app.use("*", async (c, next) => {
    await next();
    options.log?.({
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      organization: c.get("organizationId"),
    });
  });

  // Hono's default prints the whole error to the console; a driver error can carry connection settings, so
  // only its name and code are logged.
  app.onError((cause, c) => {
    // 500, not 503: the server is misconfigured (a sealing key removed too early) and stays so until the
    // operator adds the key back, so there is no Retry-After to give, and a 503 invites clients and proxies to
    // retry for nothing. A 5xx still tells the tenant the fault is not theirs; the code and key id tell the
    // operator what to fix. The warning was logged once for the connection where the error was raised.
    if (cause instanceof SealingKeyMissingError)
      return errorResponse(c, 500, "sealing_key_missing", cause.message, { key_id: cause.keyId });
    options.log?.({
      method: c.req.method,
      route: c.req.routePath,
      status: 500,
      error: cause.name,
      code: (cause as { code?: unknown }).code,
    });
    return c.json(
      { error: { code: "internal_error", message: "The server failed to handle the request." } },
      500,
    );
  });

  app.get("/openapi.json", async (c) => c.json(await openApiDocument(registry)));

  app.use("/v1/*", async (c, next) => {
    const key = /^Bearer (sk_[A-Za-z0-9_-]{16,128})$/.exec(c.req.header("authorization") ?? "")?.[1];
    const organizationId = key ? await store.organizationOfKey(hashApiKey(key)) : undefined;
    if (!organizationId)
      return errorResponse(c, 401, "unauthorized", "Send a valid API key: Authorization: Bearer sk_….");
    c.set("organizationId", organizationId);
    await next();
  });

  registerCreateAndTestRoutes(app, context);
  registerUpdateRoute(app, context);
  registerLifecycleRoutes(app, context);
  registerReadRoutes(app, context);
  return app;
}
