import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { isProviderType, providerTemplate } from "./provider-template.js";

/** What `createProviderPackage` wrote. */
export interface CreatedProvider {
  dir: string;
  files: string[];
}

/**
 * Writes a new provider package for `type` into `dir` (default `./plugboard-provider-<type>`), written against
 * the installed @plugboard/core. Refuses a malformed type and a folder that already has files.
 */
export function createProviderPackage(type: string, dir?: string): CreatedProvider {
  if (!isProviderType(type)) {
    throw new Error(
      `"${type}" cannot name a provider: use snake_case letters and digits, such as acme_files.`,
    );
  }
  const target = resolve(dir ?? `plugboard-provider-${type.replaceAll("_", "-")}`);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Error(`${target} already exists and is not empty; choose another --dir.`);
  }
  const coreVersion = (createRequire(import.meta.url)("@plugboard/core/package.json") as { version: string })
    .version;
  const files = providerTemplate({ type, coreRange: `>=${coreVersion} <1.0.0` });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), content);
  }
  return { dir: target, files: Object.keys(files) };
}
