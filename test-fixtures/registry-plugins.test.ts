import { fileURLToPath } from "node:url";
import { createRegistry, ProviderLoadError } from "@plugboard/core";
import { afterAll, describe, expect, it } from "vitest";
import { exampleProvider } from "./example-provider/index.js";

// Plugin packages are dependencies of this fixtures package, so they resolve from its folder.
const resolveFrom = fileURLToPath(new URL(".", import.meta.url));

const MISSING_PACKAGE = "@plugboard/provider-does-not-exist";

const registry = createRegistry({
  resolveFrom,
  providers: {
    example_notes: async () => ({ default: exampleProvider }),
    mismatched: exampleProvider,
    not_installed: { packageName: MISSING_PACKAGE, load: () => import(MISSING_PACKAGE) },
  },
  plugins: [
    "plugboard-provider-example",
    "plugboard-provider-throws-on-import",
    "plugboard-provider-wrong-shape",
    "plugboard-provider-future-api",
    "plugboard-provider-duplicate",
    "plugboard-provider-no-manifest",
    "plugboard-provider-missing",
  ],
});
afterAll(() => registry.close());

async function loadError(type: string): Promise<ProviderLoadError> {
  const error = await registry.get(type).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderLoadError);
  return error as ProviderLoadError;
}

describe("registry: plugins loaded by package name", () => {
  it("knows every type without importing anything", () => {
    expect(registry.types()).toEqual([
      "example_notes",
      "mismatched",
      "not_installed",
      "status_page",
      "throws_on_import",
      "wrong_shape",
      "future_api",
    ]);
    expect(registry.has("status_page")).toBe(true);
    expect(registry.has("nope")).toBe(false);
  });

  it("loads a third-party plugin by name", async () => {
    const provider = await registry.get("status_page");
    expect(provider.displayName).toBe("Status Page");
    expect(provider.secretFields).toEqual(["token"]);
  });

  it("loads providers from a lazy loader function, once", async () => {
    expect(await registry.get("example_notes")).toBe(exampleProvider);
    expect(registry.get("example_notes")).toBe(registry.get("example_notes"));
  });

  it("refuses a provider registered under another type than it defines", async () => {
    const error = await loadError("mismatched");
    expect(error.code).toBe("type_mismatch");
    expect(error.message).toMatch(/defines provider "example_notes" but was registered as "mismatched"/);
  });

  it("explains a package that is not installed", async () => {
    const error = await loadError("not_installed");
    expect(error.code).toBe("not_installed");
    expect(error.message).toContain("pnpm add @plugboard/provider-does-not-exist");
  });

  it("explains a plugin that throws on import", async () => {
    const error = await loadError("throws_on_import");
    expect(error.code).toBe("import_failed");
    expect(error.packageName).toBe("plugboard-provider-throws-on-import");
    expect(error.message).toContain("Cannot load native binding");
  });

  it("explains a plugin with the wrong shape", async () => {
    const error = await loadError("wrong_shape");
    expect(error.code).toBe("invalid_shape");
    expect(error.message).toMatch(/defineProvider\(\)/);
  });

  it("explains an incompatible contract version", async () => {
    const error = await loadError("future_api");
    expect(error.code).toBe("incompatible_api_version");
    expect(error.message).toMatch(/contract v99.*Upgrade @plugboard\/core/);
  });

  it("keeps the first of two plugins with the same type and reports the duplicate, a missing manifest and a missing package", () => {
    const problems = registry.problems().map((problem) => [problem.code, problem.packageName]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ["duplicate_type", "plugboard-provider-duplicate"],
        ["invalid_manifest", "plugboard-provider-no-manifest"],
        ["not_installed", "plugboard-provider-missing"],
      ]),
    );
  });

  it("lists every provider; broken ones as unavailable, the others unharmed", async () => {
    const listing = await registry.list();
    const status = Object.fromEntries(listing.map((entry) => [entry.type, entry.status]));
    expect(status).toEqual({
      example_notes: "ready",
      mismatched: "unavailable",
      not_installed: "unavailable",
      status_page: "ready",
      throws_on_import: "unavailable",
      wrong_shape: "unavailable",
      future_api: "unavailable",
    });
  });

  it("answers validate() and test() for a broken or unknown type without throwing", async () => {
    expect(await registry.validate("wrong_shape", {})).toMatchObject({
      success: false,
      issues: [{ path: "provider_type" }],
    });
    const result = await registry.test("nope", {});
    expect(result).toMatchObject({ success: false, details: { result: "invalid_config" } });
    expect(result.message).toMatch(/Unknown provider type "nope"/);
  });

  it("refuses malformed egress rules and origins when it is created, naming them", () => {
    expect(() => createRegistry({ egress: { allow: ["10.0.0.0/40"] } })).toThrow(
      /egress.allow: "10.0.0.0\/40"/,
    );
    expect(() => createRegistry({ origins: { "https://api.example.com/v1": "http://127.0.0.1:1" } })).toThrow(
      /bare http\(s\) origin/,
    );
  });

  it("prefixes validation paths with provider_config", async () => {
    const result = await registry.validate("status_page", { url: "not a url" });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(result.issues.map((issue) => issue.path)).toEqual([
        "provider_config.url",
        "provider_config.token",
      ]);
  });

  it("builds the create-connection request schema over every available provider", async () => {
    const schema = await registry.connectionRequestSchema();
    const ok = schema.safeParse({
      name: "Status",
      provider_type: "status_page",
      provider_config: { url: "https://status.example.com", token: "abcd1234" },
    });
    expect(ok.success).toBe(true);
    const json = JSON.stringify(await registry.connectionRequestJsonSchema());
    expect(json).toContain('"x-secret":true');
    expect(json).toContain("status_page");
  });
});
