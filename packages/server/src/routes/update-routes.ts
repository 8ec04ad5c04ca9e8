import {
  type ConnectionRecord,
  connectionMetadataSchema,
  connectionNameSchema,
  MAX_CONNECTION_DESCRIPTION_LENGTH,
  mergeSecretUpdate,
  SecretMarkerError,
  sealConfig,
  validateWithSchema,
} from "@plugboard/core";
import * as z from "zod";
import { sealContextOf } from "../seal-context.js";
import { unsealStoredConfig } from "../sealing-key-missing.js";
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

let builtUpdateSchema: ReturnType<typeof buildUpdateSchema> | undefined;

/** What PATCH accepts, built on first use rather than per request (the OpenAPI document describes it too). */
export function updateSchema() {
  builtUpdateSchema ??= buildUpdateSchema();
  return builtUpdateSchema;
}

/** Every field optional, the same limits as creation. */
function buildUpdateSchema() {
  return z.strictObject({
    name: connectionNameSchema.optional(),
    description: z.string().max(MAX_CONNECTION_DESCRIPTION_LENGTH).optional(),
    metadata: connectionMetadataSchema.optional(),
    provider_config: z.unknown().optional(),
  });
}

/**
 * PATCH a connection: name, description, metadata and provider_config; a secret sent back as ***REDACTED***
 * keeps the stored value. The type never changes (create another connection instead).
 */
export function registerUpdateRoute(app: App, context: RouteContext): void {
  const { registry, store, keyRing, now } = context;
  app.patch(CONNECTION_PATH, async (c) => {
    const stored = await store.find(c.get("organizationId"), c.req.param("identifier"));
    if (!stored) return notFound(c);
    if (stored.record.status === "ARCHIVED")
      return errorResponse(
        c,
        409,
        "archived",
        "The connection is archived; archived connections never change.",
      );
    const read = await readJsonBody(c);
    if ("invalid" in read) return read.invalid;
    const parsed = validateWithSchema(updateSchema(), read.body);
    if (!parsed.success) return invalidRequest(c, parsed.issues);
    const update = parsed.data;
    const type = stored.record.provider_type;
    const provider = await registry.get(type);
    const sealContext = sealContextOf(keyRing, stored.record);
    let { config, sealed } = stored;
    if (update.provider_config !== undefined) {
      let merged: unknown;
      try {
        // Throws SealingKeyMissingError (answered by the app) when the key it was sealed with is gone.
        const current = unsealStoredConfig(context, stored, provider.secretFields);
        merged = mergeSecretUpdate(current, update.provider_config, provider.secretFields);
      } catch (cause) {
        if (cause instanceof SecretMarkerError)
          return errorResponse(c, 422, "invalid_request", `provider_config.${cause.message}`);
        throw cause;
      }
      const checked = await registry.validate(type, merged);
      if (!checked.success) return invalidRequest(c, checked.issues);
      ({ config, sealed } = sealConfig(checked.data, provider.secretFields, sealContext));
    }
    const record: ConnectionRecord = {
      ...stored.record,
      ...(update.name === undefined ? {} : { name: update.name }),
      ...(update.description === undefined ? {} : { description: update.description }),
      ...(update.metadata === undefined ? {} : { metadata: update.metadata }),
      updated_at: now().toISOString(),
    };
    if (
      update.name !== undefined &&
      update.name !== stored.record.name &&
      (await nameTaken(store, c.get("organizationId"), update.name))
    )
      return duplicateName(c, update.name);
    const saved = { record, config, sealed };
    await store.save(saved);
    return c.json(view(saved));
  });
}
