import { randomBytes } from "node:crypto";
import type { ConnectionProvider } from "@plugboard/core";

/**
 * Canary secrets and the search for them, written independently of the core's scrubber (and broader than
 * the testkit's `findLeaks`) so the security suite checks the scrubber instead of agreeing with it.
 */

/** Two styles: `plain` always travels (header-safe), `special` needs encoding in URLs, forms and URIs. */
export type CanaryStyle = "plain" | "special";

export function canary(label: string, style: CanaryStyle): string {
  const id = randomBytes(6).toString("hex");
  return style === "plain" ? `CANARY-${label}-${id}` : `CANARY-${label}-${id}/p+a:s@w%rd &=ü`;
}

/**
 * Every form in which `secret` could appear: raw, URL-encoded (component, URI, form and WHATWG userinfo),
 * JSON-escaped, base64 / base64url / hex, and with each companion as `user:secret` raw, inside a
 * connection URI, and base64-encoded (HTTP Basic).
 */
export function leakForms(secret: string, companions: readonly string[]): string[] {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (form.length >= 8) forms.add(form);
  };
  for (const text of [secret, ...companions.map((user) => `${user}:${secret}`)]) {
    const bytes = Buffer.from(text, "utf8");
    add(text);
    add(encodeURIComponent(text));
    add(encodeURI(text));
    add(new URLSearchParams({ v: text }).toString().slice(2));
    add(JSON.stringify(text).slice(1, -1));
    add(bytes.toString("base64"));
    add(bytes.toString("base64").replace(/=+$/, ""));
    add(bytes.toString("base64url"));
    add(bytes.toString("hex"));
  }
  const uri = new URL("postgresql://host.invalid/db");
  uri.password = secret;
  add(uri.password);
  for (const user of companions) {
    add(`${encodeURIComponent(user)}:${encodeURIComponent(secret)}@`);
    uri.username = user;
    add(`${uri.username}:${uri.password}@`);
  }
  return [...forms];
}

/** The forms of any of `secrets` found in `text`, each named by the secret it belongs to. */
export function findCanaries(
  text: string,
  secrets: readonly string[],
  companions: readonly string[] = [],
): string[] {
  return secrets.flatMap((secret) =>
    leakForms(secret, companions)
      .filter((form) => text.includes(form))
      .map((form) => `${secret} as ${JSON.stringify(form)}`),
  );
}

/** A copy of `config` with every string at one of the provider's secret paths replaced by a fresh canary. */
export function plantCanaries(
  provider: ConnectionProvider,
  config: Record<string, unknown>,
  style: CanaryStyle,
): { config: Record<string, unknown>; canaries: string[]; companions: string[] } {
  const copy = structuredClone(config);
  const canaries: string[] = [];
  for (const path of provider.secretFields) {
    const keys = path.split(".");
    let parent: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
    const last = keys.at(-1) as string;
    if (parent && typeof parent[last] === "string") {
      const planted = canary(last, style);
      parent[last] = planted;
      canaries.push(planted);
    }
  }
  const companions = stringLeaves(copy).filter(
    (value) => value.length > 0 && value.length < 256 && !canaries.includes(value),
  );
  return { config: copy, canaries, companions };
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringLeaves);
  return [];
}
