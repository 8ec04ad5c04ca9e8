import type { ValidationIssue } from "@plugboard/core";
import type { Context, Hono } from "hono";
import type { RetestDeps } from "../health/retest.js";
import type { ConnectionStore, StoredConnection } from "../store/connection-store.js";

/** Hono's environment for the API's routes: the organization the API key belongs to. */
export type Env = { Variables: { organizationId: string } };

/** The connections app on which routes are registered. */
export type App = Hono<Env>;

/** What every route works with: what re-testing a connection needs (the test route does just that). */
export type RouteContext = RetestDeps;

/** The path of one connection, by id (`conn_…`) or by name. */
export const CONNECTION_PATH = "/v1/organizations/connections/:identifier";

/** An error answer: `{ error: { code, message, ...extra } }`. */
export const errorResponse = (
  c: Context,
  status: 400 | 401 | 404 | 409 | 422 | 500,
  code: string,
  message: string,
  extra = {},
) => c.json({ error: { code, message, ...extra } }, status);

/**
 * The request's body parsed as JSON, or the 400 `invalid_json` answer to return instead: every route that
 * reads a body reads it here. An empty body is not JSON either. The message gives the parser's position at
 * most, never its text: V8's messages quote the body, which may hold a secret.
 */
export async function readJsonBody(c: Context): Promise<{ body: unknown } | { invalid: Response }> {
  const text = await c.req.text();
  try {
    return { body: JSON.parse(text) };
  } catch (cause) {
    const position = /\bposition (\d+)/.exec(String((cause as Error).message))?.[1];
    const where = text.trim() === "" ? "it is empty" : position ? `at position ${position}` : undefined;
    const message = `The request body is not valid JSON${where ? ` (${where})` : ""}; send a JSON object.`;
    return { invalid: errorResponse(c, 400, "invalid_json", message) };
  }
}

/** 422 naming the first issue's field in the message, with every issue beside it. */
export const invalidRequest = (c: Context, issues: ValidationIssue[]) => {
  const first = issues[0];
  return errorResponse(c, 422, "invalid_request", `${first?.path}: ${first?.message}`, { issues });
};

/** 404 for an identifier that names no connection of the caller's organization (or of another one). */
export const notFound = (c: Context) =>
  errorResponse(c, 404, "not_found", "No such connection in this organization.");

/** A connection as the API returns it: the record and its config with every secret redacted. */
export const view = ({ record, config }: StoredConnection) => ({ ...record, provider_config: config });

/** Whether the organization already has a connection named exactly `name` (`find` also matches ids). */
export const nameTaken = async (store: ConnectionStore, organizationId: string, name: string) =>
  (await store.find(organizationId, name))?.record.name === name;

/** 409 for a name another connection of the organization already has. */
export const duplicateName = (c: Context, name: string) =>
  errorResponse(c, 409, "duplicate_name", `A connection named "${name}" already exists.`);
