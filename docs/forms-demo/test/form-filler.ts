import type { JsonSchemaObject } from "@plugboard/core";
import type { Page } from "playwright-core";

/** What filling a form touched: the secret inputs typed into, with their `type` and `autocomplete`. */
export interface FillReport {
  secretInputs: Array<{ id: string; type: string | null; autocomplete: string | null }>;
}

/**
 * Types a config into an RJSF form the way a person would: picks each union branch in its select, clicks
 * "add" for optional objects, chooses enum labels, ticks checkboxes and types into inputs, walking the JSON
 * Schema alongside the config. RJSF ids are `root_<path joined by _>`.
 */
export async function fillForm(page: Page, schema: JsonSchemaObject, config: unknown): Promise<FillReport> {
  const report: FillReport = { secretInputs: [] };
  await fillNode(page, schema, config, "root", report);
  return report;
}

async function fillNode(
  page: Page,
  schema: JsonSchemaObject,
  value: unknown,
  id: string,
  report: FillReport,
): Promise<void> {
  const combinator = Array.isArray(schema.oneOf)
    ? "oneOf"
    : Array.isArray(schema.anyOf)
      ? "anyOf"
      : undefined;
  const branches = combinator ? (schema[combinator] as JsonSchemaObject[]) : [];
  const isLabelledChoice = branches.length > 0 && branches.every((branch) => Object.hasOwn(branch, "const"));

  if (combinator && !isLabelledChoice) {
    await addOptionalData(page, id);
    const index = branches.findIndex((branch) => branchMatches(branch, value));
    if (index < 0) throw new Error(`${id}: no branch of the schema matches ${JSON.stringify(value)}.`);
    const picker = page.locator(`#${id}__${combinator.toLowerCase()}_select`);
    if ((await picker.inputValue()) !== String(index)) await picker.selectOption(String(index));
    await fillNode(page, branches[index] as JsonSchemaObject, value, id, report);
    return;
  }
  if (Object.hasOwn(schema, "const")) return; // a branch's discriminator: hidden, set by the picker
  if (schema.type === "object") {
    await addOptionalData(page, id);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchemaObject>;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childSchema = properties[key];
      if (!childSchema) throw new Error(`${id}: the form has no field "${key}".`);
      await fillNode(page, childSchema, child, `${id}_${key}`, report);
    }
    return;
  }
  const input = page.locator(`#${id}`);
  if (isLabelledChoice) {
    const label = branches.find((branch) => branch.const === value)?.title;
    if (typeof label !== "string")
      throw new Error(`${id}: ${JSON.stringify(value)} is not one of the choices.`);
    await input.selectOption({ label });
  } else if (schema.type === "boolean") {
    await input.setChecked(value === true);
  } else if (["string", "number", "integer"].includes(String(schema.type))) {
    await input.fill(String(value));
    if (schema["x-secret"] === true) {
      const [type, autocomplete] = await Promise.all([
        input.getAttribute("type"),
        input.getAttribute("autocomplete"),
      ]);
      report.secretInputs.push({ id, type, autocomplete });
    }
  } else {
    throw new Error(
      `${id}: the filler does not type ${JSON.stringify(schema.type)} values; keep the case simpler.`,
    );
  }
}

/** Whether a config fits a branch: its fixed values match and it names no field the branch lacks. */
function branchMatches(branch: JsonSchemaObject, value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const properties = (branch.properties ?? {}) as Record<string, JsonSchemaObject>;
  return Object.entries(value).every(([key, child]) => {
    const property = properties[key];
    return property !== undefined && (!Object.hasOwn(property, "const") || property.const === child);
  });
}

/** Clicks RJSF's "add" button of an optional object that has no data yet. */
async function addOptionalData(page: Page, id: string): Promise<void> {
  const add = page.locator(`#${id}__optionalAdd`);
  if ((await add.count()) > 0) await add.click();
}
