import { connectionRecordSchema, type ProviderRegistry } from "@plugboard/core";
import * as z from "zod";
import { updateSchema } from "./routes/update-routes.js";

const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
const errorBody = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        key_id: { type: "string", description: "For sealing_key_missing: the key to add back" },
        issues: {
          type: "array",
          items: {
            type: "object",
            properties: { path: { type: "string" }, code: { type: "string" }, message: { type: "string" } },
          },
        },
      },
    },
  },
};
const testResult = {
  type: "object",
  required: ["success", "message", "details"],
  properties: { success: { type: "boolean" }, message: { type: "string" }, details: { type: "object" } },
};

/**
 * The OpenAPI 3.1 document of the API, its schemas generated from the core's zod schemas (the
 * create-connection request over every registered provider, secrets marked write-only) at request time.
 */
export async function openApiDocument(registry: ProviderRegistry): Promise<Record<string, unknown>> {
  const { $schema: _request, ...request } = await registry.connectionRequestJsonSchema();
  const { $schema: _record, ...record } = z.toJSONSchema(connectionRecordSchema, { io: "output" }) as Record<
    string,
    unknown
  >;
  const { $schema: _update, ...update } = z.toJSONSchema(updateSchema(), { io: "input" }) as Record<
    string,
    unknown
  >;
  const connection = { allOf: [{ $ref: "#/components/schemas/ConnectionRecord" }] };
  const identifier = {
    name: "connection_identifier",
    in: "path",
    required: true,
    description: "A conn_… id, or the connection's name.",
    schema: { type: "string" },
  };
  const errors = {
    "401": { description: "Missing or unknown API key", ...json(errorBody) },
    "404": { description: "No such connection in this organization", ...json(errorBody) },
    "409": { description: "Duplicate name, archived connection or illegal transition", ...json(errorBody) },
    "422": {
      description: "Invalid request (issues name each field), or a failed test before saving",
      ...json(errorBody),
    },
  };
  // Only the operations that read a JSON body can answer 400; only those that open secrets need their key.
  const invalidJson = {
    "400": { description: "The request body is not valid JSON (invalid_json)", ...json(errorBody) },
  };
  const sealingKeyMissing = {
    "500": {
      description:
        "Internal error, or sealing_key_missing: the connection's secrets were sealed with a key (key_id) that is not in the server's key ring",
      ...json(errorBody),
    },
  };
  const lifecycle = (summary: string) => ({
    post: {
      summary,
      parameters: [identifier],
      responses: { "200": { description: "The connection", ...json(connection) }, ...errors },
    },
  });
  return {
    openapi: "3.1.0",
    info: { title: "Plugboard connections API", version: "1" },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "sk_… keys, one per organization" },
      },
      schemas: {
        CreateConnectionRequest: request,
        UpdateConnectionRequest: update,
        ConnectionRecord: record,
        TestResult: testResult,
        Error: errorBody,
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      "/v1/organizations/connections": {
        post: {
          summary: "Create a connection (tested first unless test_before_save is false)",
          requestBody: { required: true, ...json({ $ref: "#/components/schemas/CreateConnectionRequest" }) },
          responses: { "201": { description: "Created", ...json(connection) }, ...invalidJson, ...errors },
        },
        get: {
          summary: "List the organization's connections",
          responses: {
            "200": {
              description: "The connections",
              ...json({ type: "object", properties: { data: { type: "array", items: connection } } }),
            },
            ...errors,
          },
        },
      },
      "/v1/organizations/connections/{connection_identifier}": {
        get: {
          summary: "Get a connection",
          parameters: [identifier],
          responses: { "200": { description: "The connection", ...json(connection) }, ...errors },
        },
        patch: {
          summary: "Update name, description, metadata or provider_config (***REDACTED*** keeps a secret)",
          parameters: [identifier],
          requestBody: { required: true, ...json({ $ref: "#/components/schemas/UpdateConnectionRequest" }) },
          responses: {
            "200": { description: "The connection", ...json(connection) },
            ...invalidJson,
            ...errors,
            ...sealingKeyMissing,
          },
        },
      },
      "/v1/organizations/connections/{connection_identifier}/test": {
        post: {
          summary: "Test a connection; the result moves its lifecycle",
          parameters: [identifier],
          responses: {
            "200": { description: "The test result", ...json({ $ref: "#/components/schemas/TestResult" }) },
            ...errors,
            ...sealingKeyMissing,
          },
        },
      },
      "/v1/organizations/connections/{connection_identifier}/suspend": lifecycle("Suspend a connection"),
      "/v1/organizations/connections/{connection_identifier}/reactivate":
        lifecycle("Reactivate a connection"),
      "/v1/organizations/connections/{connection_identifier}/archive": lifecycle(
        "Archive a connection (final)",
      ),
    },
  };
}
