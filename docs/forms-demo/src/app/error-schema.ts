import type { ErrorSchema } from "@rjsf/utils";

/** A field the server refused, its dot path relative to the form's root ("" for the form as a whole). */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Turns the core's issues (`credentials.secret_access_key: Required`) into RJSF's error schema, which shows
 * each message next to its field.
 */
export function toErrorSchema(issues: readonly FieldIssue[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path === "" ? [] : issue.path.split(".")) {
      let child = Object.hasOwn(node, key) ? node[key] : undefined;
      if (typeof child !== "object" || child === null) {
        child = {};
        // defineProperty, not assignment: a path segment named "__proto__" stays a plain key.
        Object.defineProperty(node, key, {
          value: child,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      node = child as Record<string, unknown>;
    }
    if (!Object.hasOwn(node, "__errors")) node.__errors = [];
    (node.__errors as string[]).push(issue.message);
  }
  return root as ErrorSchema;
}
