import type * as z from "zod";
import { objectKeysAt } from "../schema/zod-introspect.js";
import { fieldMeant } from "../util/field-meant.js";
import { joinChoices } from "../util/join-choices.js";
import { DEFAULT_INPUT_LIMITS, findInputLimitIssue, type InputLimits } from "./input-limits.js";

/** One reason an input was refused, fit to show a person next to the field. */
export interface ValidationIssue {
  /** Dot path of the field, with the caller's prefix: `provider_config.credentials.private_key`. */
  path: string;
  /** A stable, machine-readable code (zod's issue codes plus the input-limit codes). */
  code: string;
  message: string;
}

/** The outcome of a validation: the parsed value, or the issues. */
export type ValidationResult<T> = { success: true; data: T } | { success: false; issues: ValidationIssue[] };

/** Options for {@link validateWithSchema}. */
export interface ValidateOptions {
  /** Prepended to every issue path, e.g. `provider_config`. */
  pathPrefix?: string;
  limits?: InputLimits;
}

/** Joins path segments into the dot path users see (`credentials.private_key`, `headers.2.name`). */
export function formatIssuePath(prefix: string | undefined, segments: readonly PropertyKey[]): string {
  const parts = segments.map((segment) => String(segment));
  if (prefix) parts.unshift(prefix);
  return parts.join(".") || "(root)";
}

/**
 * Validates untrusted input against a zod schema: the structural limits first (prototype keys, huge
 * strings, deep nesting), then the schema. Never throws for any input; every issue names its field.
 */
export function validateWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<z.output<Schema>> {
  const limitIssue = findInputLimitIssue(input, options.limits ?? DEFAULT_INPUT_LIMITS);
  if (limitIssue) {
    return {
      success: false,
      issues: [
        {
          path: formatIssuePath(options.pathPrefix, limitIssue.path),
          code: limitIssue.code,
          message: limitIssue.message,
        },
      ],
    };
  }
  let parsed: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    parsed = schema.safeParse(input, { reportInput: false });
  } catch (error) {
    // A refinement written by a provider author threw: report it instead of crashing the caller.
    const reason = error instanceof Error ? error.name : "error";
    return {
      success: false,
      issues: [
        {
          path: formatIssuePath(options.pathPrefix, []),
          code: "custom",
          message: `Validation failed (${reason}).`,
        },
      ],
    };
  }
  if (parsed.success) return { success: true, data: parsed.data };
  const issues = parsed.error.issues.flatMap((issue) => expandUnionIssue(issue)).flatMap(oneIssuePerKey);
  return {
    success: false,
    issues: issues.map((issue) => withKeyHint(schema, issue, toValidationIssue(issue, options.pathPrefix))),
  };
}

/** Several unknown keys in one object become one issue each, so every issue names its own field. */
function oneIssuePerKey(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "unrecognized_keys" || issue.keys.length < 2) return [issue];
  return issue.keys.map((key) => ({ ...issue, keys: [key] }));
}

/**
 * For an unknown key spelled like a known one in another case or style (`AccessKeyId`, `clientID`), or with a
 * vendor's prefix (`aws_access_key_id`), names the field that was meant.
 */
function withKeyHint(schema: z.ZodType, issue: z.core.$ZodIssue, result: ValidationIssue): ValidationIssue {
  if (issue.code !== "unrecognized_keys" || issue.keys.length !== 1) return result;
  const key = String(issue.keys[0]);
  // A key that exists in another union branch is not a misspelling: no hint names it back.
  const meant = fieldMeant(key, objectKeysAt(schema, issue.path));
  return meant === undefined || meant === key
    ? result
    : { ...result, message: `Unknown field; did you mean "${meant}"?` };
}

/**
 * A plain (non-discriminated) union reports only "Invalid input" on itself, which names no field. The
 * branch the input came closest to (fewest issues) explains it best: report that branch's issues, at their
 * full paths.
 */
function expandUnionIssue(issue: z.core.$ZodIssue, depth = 0): z.core.$ZodIssue[] {
  if (
    issue.code !== "invalid_union" ||
    depth > 8 ||
    !Array.isArray(issue.errors) ||
    issue.errors.length === 0
  ) {
    return [issue];
  }
  const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
  if (closest.length === 0) return [issue];
  return closest.flatMap((inner) =>
    expandUnionIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, depth + 1),
  );
}

function toValidationIssue(issue: z.core.$ZodIssue, prefix: string | undefined): ValidationIssue {
  return {
    path: formatIssuePath(prefix, issueLocation(issue)),
    code: issue.code,
    message: humanMessage(issue),
  };
}

/** For unknown keys zod reports the parent object; users want the offending key itself. */
function issueLocation(issue: z.core.$ZodIssue): PropertyKey[] {
  if (issue.code === "unrecognized_keys" && issue.keys.length === 1)
    return [...issue.path, issue.keys[0] as string];
  return issue.path;
}

/** zod's messages, reworded where they read like a type checker rather than a form. */
function humanMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (/received undefined/.test(issue.message)) return "Required.";
      return `Expected ${issue.expected}.`;
    case "unrecognized_keys":
      return "Unknown field.";
    case "invalid_union":
      if ("note" in issue && issue.note === "No matching discriminator")
        return noMatchingDiscriminator(issue);
      return "Does not match any of the allowed shapes.";
    default:
      return sentence(issue.message);
  }
}

/** Names the field and every value it may take: `Unknown or missing "type": choose one of "a" or "b".` */
function noMatchingDiscriminator(issue: z.core.$ZodIssueInvalidUnion): string {
  const { discriminator, options } = issue as { discriminator?: unknown; options?: unknown };
  const field = typeof discriminator === "string" ? `"${discriminator}"` : "type";
  const choices = Array.isArray(options) ? options.map((option) => JSON.stringify(option)) : [];
  return choices.length > 0
    ? `Unknown or missing ${field}: choose one of ${joinChoices(choices)}.`
    : `Unknown or missing ${field}.`;
}

function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return "Invalid value.";
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
