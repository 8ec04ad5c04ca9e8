import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ConnectionProvider, PROVIDER_API_VERSION, type ProviderMetadata } from "../provider/types.js";
import {
  JSON_SCHEMA_TARGETS,
  type JsonSchemaObject,
  type JsonSchemaTarget,
} from "../schema/json-schema-targets.js";

/**
 * Version of the manifest format *and* of the JSON Schema export that produced it. Bump it whenever the
 * export's output changes, so manifests built by an older core are ignored (the provider is then imported
 * and exported live) instead of served stale.
 */
export const PROVIDER_MANIFEST_VERSION = 1;

/**
 * What a provider package ships beside its code (`dist/plugboard-manifest.json`, named by
 * `"plugboard": { "manifest" }` in its package.json): its metadata and every JSON Schema export, computed at
 * build time, so listing providers and rendering their forms import no provider module and build no zod schema.
 */
export interface ProviderManifest {
  manifestVersion: number;
  metadata: ProviderMetadata;
  /** `toConfigJsonSchema` output for every target, as submitted (`input`) and as parsed (`output`). */
  jsonSchemas: Record<JsonSchemaTarget, { input: JsonSchemaObject; output: JsonSchemaObject }>;
}

/** Computes a provider's manifest; the build writes it to the package, tests compare it with what ships. */
export function buildProviderManifest(provider: ConnectionProvider): ProviderManifest {
  const jsonSchemas = Object.fromEntries(
    JSON_SCHEMA_TARGETS.map((target) => [
      target,
      {
        input: provider.jsonSchema({ target, io: "input" }),
        output: provider.jsonSchema({ target, io: "output" }),
      },
    ]),
  ) as ProviderManifest["jsonSchemas"];
  return { manifestVersion: PROVIDER_MANIFEST_VERSION, metadata: providerMetadata(provider), jsonSchemas };
}

/** A provider's metadata as plain data (what `list()` reports and a manifest stores). */
export function providerMetadata(provider: ConnectionProvider): ProviderMetadata {
  const metadata: ProviderMetadata = {
    type: provider.type,
    displayName: provider.displayName,
    description: provider.description,
    docsUrl: provider.docsUrl,
    apiVersion: provider.apiVersion,
    secretFields: [...provider.secretFields],
    probes: { ...provider.probes },
  };
  if (provider.minimalRoundTrips !== undefined) metadata.minimalRoundTrips = provider.minimalRoundTrips;
  return metadata;
}

/**
 * Reads the manifest a provider package ships, from its folder. Returns `undefined` — and the registry falls
 * back to importing the provider — when there is none, it is unreadable, it was built by another manifest
 * version or contract version, or it describes another type: a manifest can only ever save work, never change
 * an answer.
 */
export function readProviderManifest(packageDir: string, expectedType: string): ProviderManifest | undefined {
  try {
    const packageJson = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
      plugboard?: { manifest?: unknown };
    };
    const file = packageJson.plugboard?.manifest;
    if (typeof file !== "string") return undefined;
    const manifest = JSON.parse(readFileSync(join(packageDir, file), "utf8")) as Partial<ProviderManifest>;
    const usable =
      manifest.manifestVersion === PROVIDER_MANIFEST_VERSION &&
      manifest.metadata?.type === expectedType &&
      manifest.metadata.apiVersion === PROVIDER_API_VERSION &&
      JSON_SCHEMA_TARGETS.every(
        (target) => manifest.jsonSchemas?.[target]?.input && manifest.jsonSchemas[target].output,
      );
    return usable ? (manifest as ProviderManifest) : undefined;
  } catch {
    return undefined;
  }
}
