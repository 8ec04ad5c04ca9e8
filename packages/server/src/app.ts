import {
  archiveConnection,
  type ConnectionRecord,
  connectionMetadataSchema,
  connectionNameSchema,
  createConnectionRecord,
  IllegalTransitionError,
  type KeyRing,
  MAX_CONNECTION_DESCRIPTION_LENGTH,
  mergeSecretUpdate,
  type ProviderRegistry,
  reactivateConnection,
  SecretMarkerError,
  sealConfig,
  suspendConnection,
  type TestResult,
  unsealConfig,
  validateWithSchema,
} from "@plugboard/core";
import { type Context, Hono } from "hono";
import * as z from "zod";
import { hashApiKey } from "./api-keys.js";
import { retestConnection } from "./health/retest.js";
import { openApiDocument } from "./openapi.js";
import { type ConnectionStore, DuplicateNameError, type StoredConnection } from "./store/connection-store.js";

/** What the connections API is built from. */
export interface ConnectionsAppOptions {
  registry: ProviderRegistry;
  store: ConnectionStore;
  /** Seals secrets at rest (AES-256-GCM, bound to organization and connection). */
  keyRing: KeyRing;
  /** The clock (tests move it). */
  now?: () => Date;
  /** One line per request: method, route, status, organization. Never a body, a header value or a secret. */
  log?: (line: Record<string, unknown>) => void;
}

type Env = { Variables: { organizationId: string } };

const error = (c: Context, status: 401 | 404 | 409 | 422, code: string, message: string, extra = {}) =>
  c.json({ error: { code, message, ...extra } }, status);

/** A connection as the API returns it: the record and its config with every secret redacted. */
const view = ({ record, config }: StoredConnection) => ({ ...record, provider_config: config });

/**
 * The seed's connections API on Plugboard: create (tested first unless `test_before_save` is false), test by
 * id or name (the result moves the lifecycle), list and get. Every route is scoped to the organization of the
 * `Authorization: Bearer sk_…` key.
 */
export function createConnectionsApp(options: ConnectionsAppOptions): Hono<Env> {
  const { registry, store, keyRing } = options;
  const now = options.now ?? (() => new Date());
  const app = new Hono<Env>();
  // Built once: it is a union over every installed provider, and the installed providers do not change.
  let requestSchema: ReturnType<ProviderRegistry["connectionRequestSchema"]> | undefined;

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
      return error(c, 401, "unauthorized", "Send a valid API key: Authorization: Bearer sk_….");
    c.set("organizationId", organizationId);
    await next();
  });

  const sealContext = (record: ConnectionRecord) => ({
    keyRing,
    organizationId: record.organization_id,
    connectionId: record.connection_id,
  });

  app.post("/v1/organizations/connections", async (c) => {
    const organizationId = c.get("organizationId");
    const body: unknown = await c.req.json().catch(() => undefined);
    requestSchema ??= registry.connectionRequestSchema();
    const parsed = validateWithSchema(await requestSchema, body);
    if (!parsed.success) {
      const first = parsed.issues[0];
      return error(c, 422, "invalid_request", `${first?.path}: ${first?.message}`, { issues: parsed.issues });
    }
    const request = parsed.data;
    if ((await store.find(organizationId, request.name))?.record.name === request.name) {
      return error(c, 409, "duplicate_name", `A connection named "${request.name}" already exists.`);
    }
    let testResult: TestResult | undefined;
    if (request.test_before_save) {
      testResult = await registry.test(request.provider_type, request.provider_config);
      // A failing test saves nothing: the caller gets the seed's result to fix the config.
      if (!testResult.success) return c.json(testResult, 422);
    }
    const record = createConnectionRecord(
      {
        name: request.name,
        provider_type: request.provider_type,
        description: request.description,
        metadata: request.metadata,
      },
      { now: now(), organizationId, createdBy: "api_key", ...(testResult ? { testResult } : {}) },
    );
    const provider = await registry.get(request.provider_type);
    const sealed = sealConfig(request.provider_config, provider.secretFields, sealContext(record));
    const stored = { record, config: sealed.config, sealed: sealed.sealed };
    try {
      await store.insert(stored);
    } catch (cause) {
      if (cause instanceof DuplicateNameError) return error(c, 409, "duplicate_name", cause.message);
      throw cause;
    }
    return c.json({ ...view(stored), ...(testResult ? { test_result: testResult } : {}) }, 201);
  });

  app.post("/v1/organizations/connections/:identifier/test", async (c) => {
    const stored = await store.find(c.get("organizationId"), c.req.param("identifier"));
    if (!stored) return error(c, 404, "not_found", "No such connection in this organization.");
    if (stored.record.status === "ARCHIVED")
      return error(c, 409, "archived", "The connection is archived; archived connections are never tested.");
    const result = await retestConnection({ registry, store, keyRing, now }, stored);
    return c.json(result);
  });

  // PATCH: name, description, metadata and provider_config; a secret sent back as ***REDACTED*** keeps the
  // stored value. The type never changes (create another connection instead).
  app.patch("/v1/organizations/connections/:identifier", async (c) => {
    const stored = await store.find(c.get("organizationId"), c.req.param("identifier"));
    if (!stored) return error(c, 404, "not_found", "No such connection in this organization.");
    if (stored.record.status === "ARCHIVED")
      return error(c, 409, "archived", "The connection is archived; archived connections never change.");
    const parsed = validateWithSchema(updateSchema(), await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      const first = parsed.issues[0];
      return error(c, 422, "invalid_request", `${first?.path}: ${first?.message}`, { issues: parsed.issues });
    }
    const update = parsed.data;
    const type = stored.record.provider_type;
    const provider = await registry.get(type);
    let { config, sealed } = stored;
    if (update.provider_config !== undefined) {
      let merged: unknown;
      try {
        const current = unsealConfig(stored, provider.secretFields, sealContext(stored.record));
        merged = mergeSecretUpdate(current, update.provider_config, provider.secretFields);
      } catch (cause) {
        if (cause instanceof SecretMarkerError)
          return error(c, 422, "invalid_request", `provider_config.${cause.message}`);
        throw cause;
      }
      const checked = await registry.validate(type, merged);
      if (!checked.success) {
        const first = checked.issues[0];
        return error(c, 422, "invalid_request", `${first?.path}: ${first?.message}`, {
          issues: checked.issues,
        });
      }
      ({ config, sealed } = sealConfig(checked.data, provider.secretFields, sealContext(stored.record)));
    }
    const record: ConnectionRecord = {
      ...stored.record,
      ...(update.name === undefined ? {} : { name: update.name }),
      ...(update.description === undefined ? {} : { description: update.description }),
      ...(update.metadata === undefined ? {} : { metadata: update.metadata }),
      updated_at: now().toISOString(),
    };
    if (update.name !== undefined && update.name !== stored.record.name) {
      const taken = await store.find(c.get("organizationId"), update.name);
      if (taken?.record.name === update.name)
        return error(c, 409, "duplicate_name", `A connection named "${update.name}" already exists.`);
    }
    const saved = { record, config, sealed };
    await store.save(saved);
    return c.json(view(saved));
  });

  const transition =
    (apply: (record: ConnectionRecord, at: Date) => ConnectionRecord) => async (c: Context<Env>) => {
      const stored = await store.find(c.get("organizationId"), c.req.param("identifier") ?? "");
      if (!stored) return error(c, 404, "not_found", "No such connection in this organization.");
      try {
        const saved = { ...stored, record: apply(stored.record, now()) };
        await store.save(saved);
        return c.json(view(saved));
      } catch (cause) {
        if (cause instanceof IllegalTransitionError)
          return error(c, 409, "illegal_transition", cause.message);
        throw cause;
      }
    };
  app.post(
    "/v1/organizations/connections/:identifier/suspend",
    transition((record, at) => suspendConnection(record, "Suspended through the API.", at)),
  );
  app.post("/v1/organizations/connections/:identifier/reactivate", transition(reactivateConnection));
  app.post("/v1/organizations/connections/:identifier/archive", transition(archiveConnection));

  app.get("/v1/organizations/connections", async (c) =>
    c.json({ data: (await store.list(c.get("organizationId"))).map(view) }),
  );

  app.get("/v1/organizations/connections/:identifier", async (c) => {
    const stored = await store.find(c.get("organizationId"), c.req.param("identifier"));
    if (!stored) return error(c, 404, "not_found", "No such connection in this organization.");
    return c.json(view(stored));
  });

  return app;
}

/** What PATCH accepts: every field optional, the same limits as creation. */
function updateSchema() {
  return z.strictObject({
    name: connectionNameSchema.optional(),
    description: z.string().max(MAX_CONNECTION_DESCRIPTION_LENGTH).optional(),
    metadata: connectionMetadataSchema.optional(),
    provider_config: z.unknown().optional(),
  });
}
