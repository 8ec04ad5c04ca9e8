import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { defineProvider } from "../provider/define-provider.js";
import {
  buildProviderManifest,
  PROVIDER_MANIFEST_VERSION,
  readProviderManifest,
} from "./provider-manifest.js";
import { createRegistry } from "./registry.js";

const notes = defineProvider({
  type: "notes",
  displayName: "Notes",
  description: "A provider for manifest tests.",
  docsUrl: "https://example.com/notes",
  configSchema: z.strictObject({
    base_url: z.string().meta({ title: "Base URL", description: "Where the notes live." }),
    api_key: z.string().meta({ title: "API key", description: "Secret." }),
    format: z.enum(["md", "txt"]).default("md").meta({ title: "Format", description: "Note format." }),
  }),
  secretFields: ["api_key"],
  minimalRoundTrips: 1,
  check: async () => ({ message: "ok" }),
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A package folder with a package.json naming its manifest, and the manifest itself. */
function packageWith(manifest: unknown, plugboard: Record<string, unknown> = { type: "notes" }): string {
  const dir = mkdtempSync(join(tmpdir(), "plugboard-manifest-"));
  dirs.push(dir);
  mkdirSync(join(dir, "dist"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "plugboard-provider-notes",
      plugboard: { ...plugboard, manifest: "./dist/m.json" },
    }),
  );
  writeFileSync(join(dir, "dist/m.json"), typeof manifest === "string" ? manifest : JSON.stringify(manifest));
  return dir;
}

describe("provider manifests", () => {
  it("carries the metadata and every JSON Schema export, exactly as the live provider gives them", () => {
    const manifest = buildProviderManifest(notes);
    expect(manifest.metadata).toMatchObject({
      type: "notes",
      secretFields: ["api_key"],
      minimalRoundTrips: 1,
    });
    for (const target of ["draft-2020-12", "draft-07", "openapi-3.0"] as const) {
      expect(manifest.jsonSchemas[target].input).toEqual(notes.jsonSchema({ target }));
      expect(manifest.jsonSchemas[target].output).toEqual(notes.jsonSchema({ target, io: "output" }));
    }
  });

  it("is read back, and ignored when absent, unreadable, of another version, type or contract", () => {
    const manifest = buildProviderManifest(notes);
    expect(readProviderManifest(packageWith(manifest), "notes")).toEqual(manifest);
    expect(readProviderManifest(packageWith(manifest), "other")).toBeUndefined();
    expect(readProviderManifest(packageWith("{ not json"), "notes")).toBeUndefined();
    expect(
      readProviderManifest(
        packageWith({ ...manifest, manifestVersion: PROVIDER_MANIFEST_VERSION + 1 }),
        "notes",
      ),
    ).toBeUndefined();
    expect(
      readProviderManifest(
        packageWith({ ...manifest, metadata: { ...manifest.metadata, apiVersion: 99 } }),
        "notes",
      ),
    ).toBeUndefined();
    const { "openapi-3.0": _dropped, ...partial } = manifest.jsonSchemas;
    expect(readProviderManifest(packageWith({ ...manifest, jsonSchemas: partial }), "notes")).toBeUndefined();
    expect(readProviderManifest(join(tmpdir(), "no-such-package-dir"), "notes")).toBeUndefined();
  });

  it("lets the registry list a provider and export its schemas without importing it", async () => {
    let imports = 0;
    const manifest = buildProviderManifest(notes);
    const registry = createRegistry({
      providers: {
        notes: {
          packageName: "plugboard-provider-notes",
          load: async () => {
            imports++;
            return { default: notes };
          },
          manifest: () => manifest,
        },
      },
    });
    const [listing] = await registry.list();
    expect(listing).toEqual({
      status: "ready",
      packageName: "plugboard-provider-notes",
      ...manifest.metadata,
    });
    const schema = await registry.jsonSchema("notes", { target: "draft-07" });
    expect(schema).toEqual(notes.jsonSchema({ target: "draft-07" }));
    // Each caller gets its own copy.
    (schema as { title?: string }).title = "changed";
    expect(await registry.jsonSchema("notes", { target: "draft-07" })).not.toHaveProperty("title", "changed");
    expect((await registry.uiSchema("notes")).api_key).toMatchObject({ "ui:widget": "password" });
    expect(imports).toBe(0);
    expect((await registry.validate("notes", { base_url: "x", api_key: "k" })).success).toBe(true);
    expect(imports).toBe(1);
    await registry.close();
  });

  it("falls back to the provider itself for an unknown target, keeping its error", async () => {
    const registry = createRegistry({
      providers: {
        notes: { packageName: "p", load: async () => notes, manifest: () => buildProviderManifest(notes) },
      },
    });
    await expect(registry.jsonSchema("notes", { target: "draft-04" as never })).rejects.toThrow(/draft-04/);
    await registry.close();
  });
});
