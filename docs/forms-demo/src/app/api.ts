import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import type { FieldIssue } from "./error-schema.js";

/** A provider as the demo API lists it. */
export interface ProviderSummary {
  type: string;
  displayName: string;
  description: string;
}

/** What the server answered to a submitted config. */
export type Verdict = { valid: true; config: unknown } | { valid: false; issues: FieldIssue[] };

export async function fetchProviders(): Promise<ProviderSummary[]> {
  return (await getJson<{ providers: ProviderSummary[] }>("/api/providers")).providers;
}

export function fetchForm(type: string): Promise<{ schema: RJSFSchema; uiSchema: UiSchema }> {
  return getJson(`/api/providers/${encodeURIComponent(type)}/form`);
}

export async function submitConfig(type: string, config: unknown): Promise<Verdict> {
  const response = await fetch(`/api/providers/${encodeURIComponent(type)}/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config ?? {}),
  });
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return (await response.json()) as Verdict;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status}.`);
  return (await response.json()) as T;
}
