import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProviderRegistry } from "@plugboard/core";

/** The largest config body the validate endpoint reads; a connection config is a few kilobytes. */
export const MAX_BODY_BYTES = 1_000_000;

/** One refused field, its path relative to `provider_config` ("" for the config as a whole). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** What `POST /api/providers/:type/validate` answers. */
export type ValidateResponse = { valid: true; config: unknown } | { valid: false; issues: FieldIssue[] };

/** A request handler that answers the demo's API routes and reports whether the request was one of them. */
export type FormsApiHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

const FORM_ROUTE = /^\/api\/providers\/([a-z0-9_]{1,64})\/form$/;
const VALIDATE_ROUTE = /^\/api\/providers\/([a-z0-9_]{1,64})\/validate$/;

/**
 * The backend half of the forms demo, as a backend would write it: list providers, hand out each one's JSON
 * Schema and uiSchema, and validate a submitted config with the core (`registry.validate`), answering either
 * the field-level issues or the parsed config with its secrets masked (`registry.redact`).
 */
export function createFormsApi(registry: ProviderRegistry): FormsApiHandler {
  return async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (!path.startsWith("/api/")) return false;
    try {
      if (path === "/api/providers" && request.method === "GET") {
        const providers = (await registry.list()).flatMap((listing) =>
          listing.status === "ready"
            ? [{ type: listing.type, displayName: listing.displayName, description: listing.description }]
            : [],
        );
        sendJson(response, 200, { providers });
        return true;
      }
      const formType = FORM_ROUTE.exec(path)?.[1];
      if (formType !== undefined && request.method === "GET") {
        if (!registry.has(formType)) return sendUnknownType(response, formType);
        const [schema, uiSchema] = await Promise.all([
          registry.jsonSchema(formType),
          registry.uiSchema(formType),
        ]);
        sendJson(response, 200, { schema, uiSchema });
        return true;
      }
      const validateType = VALIDATE_ROUTE.exec(path)?.[1];
      if (validateType !== undefined && request.method === "POST") {
        if (!registry.has(validateType)) return sendUnknownType(response, validateType);
        const body = await readJsonBody(request);
        if (!body.ok) {
          sendJson(response, body.status, { error: body.error });
          return true;
        }
        sendJson(response, 200, await validateConfig(registry, validateType, body.value));
        return true;
      }
      sendJson(response, 404, { error: `No API route ${request.method} ${path}.` });
      return true;
    } catch (error) {
      // Provider load failures and the like: say what failed, never echo the submitted config.
      sendJson(response, 500, { error: error instanceof Error ? error.message : "Internal error." });
      return true;
    }
  };
}

/** Validates with the core; answers the issues, or the parsed config with every secret replaced. */
export async function validateConfig(
  registry: ProviderRegistry,
  type: string,
  input: unknown,
): Promise<ValidateResponse> {
  const result = await registry.validate(type, input);
  if (!result.success) {
    return {
      valid: false,
      issues: result.issues.map((issue) => ({
        path: issue.path.replace(/^provider_config\.?/, ""),
        message: issue.message,
      })),
    };
  }
  return { valid: true, config: await registry.redact(type, result.data) };
}

type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; error: string };

async function readJsonBody(request: IncomingMessage): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, error: "The config is larger than 1 MB." };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400, error: "The request body is not JSON." };
  }
}

function sendUnknownType(response: ServerResponse, type: string): true {
  sendJson(response, 404, { error: `Unknown provider type "${type}".` });
  return true;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(body));
}
