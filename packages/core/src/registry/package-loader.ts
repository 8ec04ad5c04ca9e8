import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ProviderLoadError } from "./provider-load-error.js";

/** What a plugin package declares in its package.json under `"plugboard"`. */
export interface PluginManifest {
  /** The provider type the package's default export defines. */
  type: string;
}

/** Finds a package's folder the way Node does, from `resolveFrom`'s node_modules upwards. */
export function findPackageDir(packageName: string, resolveFrom: string): string | undefined {
  const require = createRequire(join(resolveFrom, "noop.js"));
  for (const dir of require.resolve.paths(packageName) ?? []) {
    const candidate = join(dir, packageName);
    if (existsSync(join(candidate, "package.json"))) return candidate;
  }
  return undefined;
}

/**
 * Reads a plugin's manifest (no plugin code runs), so the registry knows its type before loading it.
 * Throws {@link ProviderLoadError} naming the package and the fix.
 */
export function readPluginManifest(packageName: string, resolveFrom: string): PluginManifest {
  const dir = findPackageDir(packageName, resolveFrom);
  if (!dir) {
    throw new ProviderLoadError(
      "not_installed",
      `Plugin package "${packageName}" is not installed (looked from ${resolveFrom}). Install it: pnpm add ${packageName}`,
      undefined,
      packageName,
    );
  }
  let manifest: unknown;
  try {
    manifest = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { plugboard?: unknown })
      .plugboard;
  } catch (cause) {
    throw new ProviderLoadError(
      "invalid_manifest",
      `Plugin package "${packageName}" has an unreadable package.json.`,
      undefined,
      packageName,
      { cause },
    );
  }
  const type = (manifest as { type?: unknown } | undefined)?.type;
  if (typeof type !== "string" || type.length === 0) {
    throw new ProviderLoadError(
      "invalid_manifest",
      `Plugin package "${packageName}" does not declare its provider type: add "plugboard": { "type": "<type>" } to its package.json, or register it as providers: { <type>: "${packageName}" }.`,
      undefined,
      packageName,
    );
  }
  return { type };
}

/** Imports a package by name as the host application would, resolving from `resolveFrom`. */
export async function importPackage(
  packageName: string,
  resolveFrom: string,
  type: string,
): Promise<unknown> {
  let url: string;
  try {
    // Loaded on demand: only plugins named by package need Node's resolution algorithm.
    const { resolve: resolveModule } = await import("import-meta-resolve");
    url = resolveModule(packageName, pathToFileURL(join(resolveFrom, "noop.js")).href);
  } catch (cause) {
    throw new ProviderLoadError(
      "not_installed",
      `Provider "${type}" needs the package "${packageName}", which is not installed. Install it: pnpm add ${packageName}`,
      type,
      packageName,
      { cause },
    );
  }
  try {
    return await import(url);
  } catch (cause) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw new ProviderLoadError(
      "import_failed",
      `Provider "${type}": importing "${packageName}" failed (${reason}). Check that the package is built and its dependencies are installed.`,
      type,
      packageName,
      { cause },
    );
  }
}
