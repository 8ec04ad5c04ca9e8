import type * as z from "zod";
import { schemasAtPath } from "./zod-introspect.js";

const PATH_SYNTAX = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Throws when a secret path is malformed or names no field of the schema (in any branch of a union), so a
 * typo in `secretFields` fails at definition time instead of leaking a secret at run time.
 */
export function assertSecretPathsExist(
  type: string,
  schema: z.core.$ZodType,
  secretFields: readonly string[],
): void {
  for (const path of secretFields) {
    if (!PATH_SYNTAX.test(path)) {
      throw new TypeError(
        `Provider "${type}": secret field "${path}" is not a dot path such as "credentials.password".`,
      );
    }
    if (schemasAtPath(schema, path).length === 0) {
      throw new TypeError(`Provider "${type}": secret field "${path}" does not exist in its configSchema.`);
    }
  }
}
