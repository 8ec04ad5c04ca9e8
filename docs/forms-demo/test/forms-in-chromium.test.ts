import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { JsonSchemaObject, ProviderRegistry } from "@plugboard/core";
import type { Page } from "playwright-core";
import { createDefaultRegistry } from "plugboard";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWAITING_UMBRELLA } from "../../../test-fixtures/forms/builtin-providers.js";
import { DEMO_ROOT } from "../src/build-config.js";
import { type DemoHarness, startDemoHarness } from "./demo-harness.js";
import { FORM_CASES } from "./form-cases.js";
import { fillForm } from "./form-filler.js";

/**
 * Every built-in provider's form, rendered by react-jsonschema-form in headless Chromium from the exported
 * JSON Schema + uiSchema, typed into like a person would, and validated by the core on submit.
 * `PLUGBOARD_UPDATE_SCREENSHOTS=1` rewrites the screenshots kept in docs/forms/.
 */
const SCREENSHOT_DIR = process.env.PLUGBOARD_UPDATE_SCREENSHOTS ? join(DEMO_ROOT, "..", "forms") : undefined;
const SCREENSHOTS = new Set(["s3", "google_drive"]);

let registry: ProviderRegistry;
let harness: DemoHarness;
let listedTypes: string[] = [];
/** Requests the page made anywhere but the demo server: must stay empty. */
const strayRequests: string[] = [];
/** Uncaught errors in the page: must stay empty. */
const pageErrors: string[] = [];

beforeAll(async () => {
  registry = createDefaultRegistry();
  harness = await startDemoHarness(registry);
  const response = await fetch(`${harness.url}/api/providers`);
  listedTypes = ((await response.json()) as { providers: Array<{ type: string }> }).providers.map(
    (p) => p.type,
  );
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await registry?.close();
});

async function openForm(type: string): Promise<Page> {
  const page = await harness.browser.newPage({ viewport: { width: 1100, height: 900 } });
  // Fail within the test's own deadline, with Playwright's message naming what it waited for.
  page.setDefaultTimeout(8_000);
  page.on("pageerror", (error) => pageErrors.push(`${type}: ${error.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${harness.url}/`) || url.startsWith("data:")) return route.continue();
    strayRequests.push(url);
    return route.abort();
  });
  await page.goto(`${harness.url}/#${type}`);
  await page.locator(`.provider-form[data-provider="${type}"] form`).waitFor();
  return page;
}

async function submit(page: Page): Promise<"true" | "false"> {
  await page.getByRole("button", { name: "Validate" }).click();
  const verdict = page.getByTestId("verdict");
  await verdict.waitFor();
  return (await verdict.getAttribute("data-valid")) as "true" | "false";
}

async function schemaOf(type: string): Promise<JsonSchemaObject> {
  return registry.jsonSchema(type);
}

describe("provider forms in headless Chromium", () => {
  it("lists every built-in provider, and each has a form case", async () => {
    const builtins = (await registry.list()).map((listing) => listing.type);
    const expected = builtins.filter((type) => !AWAITING_UMBRELLA.has(type));
    expect([...listedTypes].sort()).toEqual([...expected].sort());
    expect(Object.keys(FORM_CASES).sort()).toEqual([...listedTypes].sort());
  });

  it.each(Object.keys(FORM_CASES))(
    "%s: a valid config typed into the form is accepted, secrets typed into password inputs and masked",
    async (type) => {
      const formCase = FORM_CASES[type];
      if (!formCase) throw new Error(`no form case for ${type}`);
      const page = await openForm(type);
      try {
        const report = await fillForm(page, await schemaOf(type), formCase.valid);
        expect(
          report.secretInputs.length,
          "the valid config should type at least one secret",
        ).toBeGreaterThan(0);
        for (const input of report.secretInputs)
          expect(input, input.id).toEqual({ id: input.id, type: "password", autocomplete: "new-password" });
        // Every secret input on the page, typed into or not, is a password input.
        const secretIds = (await registry.get(type)).secretFields.map(
          (path) => `root_${path.replaceAll(".", "_")}`,
        );
        for (const id of secretIds) {
          const element = page.locator(`input#${id}, textarea#${id}`);
          if ((await element.count()) > 0) expect(await element.getAttribute("type"), id).toBe("password");
        }

        expect(await submit(page)).toBe("true");
        const shown = await page.getByTestId("redacted-config").textContent();
        expect(shown).toContain("***REDACTED***");
        for (const secret of secretValues(formCase.valid, (await registry.get(type)).secretFields))
          expect(shown, "a secret reached the page").not.toContain(secret);
        if (SCREENSHOT_DIR && SCREENSHOTS.has(type)) {
          await mkdir(SCREENSHOT_DIR, { recursive: true });
          await page.screenshot({ path: join(SCREENSHOT_DIR, `${type}.png`), fullPage: true });
        }
      } finally {
        await page.close();
      }
    },
  );

  it.each(Object.keys(FORM_CASES))(
    "%s: a broken config is refused by the core, the error shown next to its field",
    async (type) => {
      const formCase = FORM_CASES[type];
      if (!formCase) throw new Error(`no form case for ${type}`);
      const page = await openForm(type);
      try {
        await fillForm(page, await schemaOf(type), formCase.broken.config);
        expect(await submit(page)).toBe("false");
        const fieldId = `root_${formCase.broken.field.replaceAll(".", "_")}`;
        // RJSF renders a field's errors in `<id>__error`, inside the same form group as its input.
        const group = page.locator(".form-group", { has: page.locator(`#${fieldId}`) }).last();
        const error = group.locator(`#${fieldId}__error`);
        await expect.poll(() => error.textContent()).toMatch(formCase.broken.message);
        expect(await group.getAttribute("class")).toContain("rjsf-field-error");
      } finally {
        await page.close();
      }
    },
  );

  it("made no request outside the demo server, and threw no error in the page", () => {
    expect(strayRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/** The string values at the provider's secret paths in a config. */
function secretValues(config: Record<string, unknown>, secretFields: readonly string[]): string[] {
  return secretFields.flatMap((path) => {
    const value = path
      .split(".")
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
    return typeof value === "string" ? [value] : [];
  });
}
