import { createRequire } from "node:module";
import { dirname } from "node:path";
import { buildProviderManifest, readProviderManifest } from "@plugboard/core";
import { BUILTIN_PROVIDER_PACKAGES, createDefaultRegistry } from "plugboard";
import { describe, expect, it } from "vitest";

/**
 * Every built-in package ships a build-time manifest (metadata and JSON Schemas) that `list()` and
 * `jsonSchema()` answer from. It must be exactly what the provider's source gives today: a schema changed
 * without a rebuild fails here (`pnpm run build` regenerates the manifests).
 */
const fromUmbrella = createRequire(createRequire(import.meta.url).resolve("plugboard/package.json"));

describe.each(Object.entries(BUILTIN_PROVIDER_PACKAGES))(
  "the shipped manifest of %s",
  (type, packageName) => {
    it("equals what the provider's source exports (run `pnpm run build` if not)", async () => {
      const shipped = readProviderManifest(
        dirname(fromUmbrella.resolve(`${packageName}/package.json`)),
        type,
      );
      expect(shipped, `${packageName} ships no usable manifest: run \`pnpm run build\``).toBeDefined();
      const live = buildProviderManifest((await import(packageName)).default);
      expect(shipped).toEqual(JSON.parse(JSON.stringify(live)));
    });
  },
);

describe("the default registry with manifests", () => {
  it("lists every built-in as ready and answers jsonSchema() from the manifests", async () => {
    const registry = createDefaultRegistry();
    const listing = await registry.list();
    expect(listing.map((entry) => `${entry.type}: ${entry.status}`)).toEqual(
      Object.keys(BUILTIN_PROVIDER_PACKAGES).map((type) => `${type}: ready`),
    );
    for (const [type, packageName] of Object.entries(BUILTIN_PROVIDER_PACKAGES)) {
      const shipped = readProviderManifest(
        dirname(fromUmbrella.resolve(`${packageName}/package.json`)),
        type,
      );
      expect(await registry.jsonSchema(type, { target: "openapi-3.0" })).toEqual(
        shipped?.jsonSchemas["openapi-3.0"].input,
      );
    }
    expect(registry.problems()).toEqual([]);
    await registry.close();
  });
});
