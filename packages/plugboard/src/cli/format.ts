import type { ProviderListing, TestResult, ValidationIssue } from "@plugboard/core";

/** A plain-text table with padded columns. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The provider list as a table. */
export function formatListing(listing: ProviderListing[]): string {
  const rows = [["TYPE", "NAME", "STATUS"]];
  for (const entry of listing) {
    if (entry.status === "ready") rows.push([entry.type, entry.displayName, "ready"]);
    else
      rows.push([
        entry.type,
        entry.packageName ?? "",
        entry.error.code === "not_installed" ? "not installed" : `unavailable: ${entry.error.message}`,
      ]);
  }
  return table(rows);
}

/** Validation issues, one per line, each naming its field. */
export function formatIssues(issues: ValidationIssue[]): string {
  return issues.map((issue) => `  ${issue.path}: ${issue.message} [${issue.code}]`).join("\n");
}

/** A test result for a person: verdict, message, steps and hosts. */
export function formatTestResult(type: string, result: TestResult): string {
  const { details } = result;
  const lines = [`${result.success ? "✔" : "✘"} ${type}: ${details.result} — ${result.message}`];
  for (const step of details.steps) {
    lines.push(
      `  ${step.ok ? "✔" : "✘"} ${step.name} (${step.duration_ms} ms)${step.message ? `: ${step.message}` : ""}`,
    );
  }
  if (details.issues?.length) lines.push(formatIssues(details.issues));
  if (details.provider_response !== undefined)
    lines.push(`  response: ${JSON.stringify(details.provider_response)}`);
  if (details.hosts?.length) lines.push(`  hosts: ${details.hosts.join(", ")}`);
  lines.push(`  ${details.duration_ms} ms, ${details.retryable ? "retryable" : "not retryable"}`);
  return lines.join("\n");
}
