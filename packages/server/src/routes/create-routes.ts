import {
  createConnectionRecord,
  type ProviderRegistry,
  sealConfig,
  type TestResult,
  validateWithSchema,
} from "@plugboard/core";
import { retestConnection } from "../health/retest.js";
import { sealContextOf } from "../seal-context.js";
import { DuplicateNameError } from "../store/connection-store.js";
import {
  type App,
  CONNECTION_PATH,
  duplicateName,
  errorResponse,
  invalidRequest,
  nameTaken,
  notFound,
  type RouteContext,
  readJsonBody,
  view,
} from "./route-context.js";

/** POST a connection (tested first unless `test_before_save` is false) and POST …/test (moves the lifecycle). */
export function registerCreateAndTestRoutes(app: App, context: RouteContext): void {
  const { registry, store, keyRing, now } = context;
  // Built once: it is a union over every installed provider, and the installed providers do not change.
  let requestSchema: ReturnType<ProviderRegistry["connectionRequestSchema"]> | undefined;

  app.post("/v1/organizations/connections", async (c) => {
    const organizationId = c.get("organizationId");
    const read = await readJsonBody(c);
    if ("invalid" in read) return read.invalid;
    requestSchema ??= registry.connectionRequestSchema();
    const parsed = validateWithSchema(await requestSchema, read.body);
    if (!parsed.success) return invalidRequest(c, parsed.issues);
    const request = parsed.data;
    if (await nameTaken(store, organizationId, request.name)) return duplicateName(c, request.name);
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
    const sealed = sealConfig(request.provider_config, provider.secretFields, sealContextOf(keyRing, record));
    const stored = { record, config: sealed.config, sealed: sealed.sealed };
    try {
      await store.insert(stored);
    } catch (cause) {
      if (cause instanceof DuplicateNameError) return errorResponse(c, 409, "duplicate_name", cause.message);
      throw cause;
    }
    return c.json({ ...view(stored), ...(testResult ? { test_result: testResult } : {}) }, 201);
  });

  app.post(`${CONNECTION_PATH}/test`, async (c) => {
    const stored = await store.find(c.get("organizationId"), c.req.param("identifier"));
    if (!stored) return notFound(c);
    if (stored.record.status === "ARCHIVED")
      return errorResponse(
        c,
        409,
        "archived",
        "The connection is archived; archived connections are never tested.",
      );
    return c.json(await retestConnection(context, stored));
  });
}
