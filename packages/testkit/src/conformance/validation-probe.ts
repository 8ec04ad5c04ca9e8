import type { ConnectionProvider, ProviderConfig, ValidationIssue } from "@plugboard/core";
import { expect } from "vitest";

/** Assertions on what a provider's `validate()` makes of one input: for tests of the shapes users paste. */
export interface ValidationProbe<Config> {
  /** The parsed config; fails the test (listing the issues) when the input is refused. */
  parsed(input: unknown): Config;
  /** The issues of a refused input; fails the test when the input is accepted. */
  issuesOf(input: unknown): ValidationIssue[];
  /** The last issue at `path`, from a list of issues or from refusing `input`; fails the test when there is none. */
  issueAt(issuesOrInput: readonly ValidationIssue[] | unknown, path: string): ValidationIssue;
}

const isIssueList = (value: unknown): value is ValidationIssue[] =>
  Array.isArray(value) &&
  value.every((item) => typeof item === "object" && item !== null && "path" in item && "message" in item);

/**
 * `parsed`, `issuesOf` and `issueAt` bound to one provider, so each vendor-shape test reads as the input and
 * what must come of it.
 */
export function validationProbe<Provider extends ConnectionProvider>(
  provider: Provider,
): ValidationProbe<ProviderConfig<Provider>> {
  const issuesOf = (input: unknown): ValidationIssue[] => {
    const result = provider.validate(input);
    expect(result.success, `refused: ${JSON.stringify(input)?.slice(0, 300)}`).toBe(false);
    return result.success ? [] : result.issues;
  };
  return {
    parsed(input) {
      const result = provider.validate(input);
      if (!result.success) throw new Error(`Refused: ${JSON.stringify(result.issues)}`);
      return result.data as ProviderConfig<Provider>;
    },
    issuesOf,
    issueAt(issuesOrInput, path) {
      const issues = isIssueList(issuesOrInput) ? issuesOrInput : issuesOf(issuesOrInput);
      const found = issues.filter((issue) => issue.path === path);
      expect(found.length, `an issue at ${path} in ${JSON.stringify(issues)}`).toBeGreaterThan(0);
      return found.at(-1) as ValidationIssue;
    },
  };
}
