import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { BUILTIN_PROVIDER_PACKAGES, createDefaultRegistry } from "plugboard";
import { afterAll, describe, expect, it } from "vitest";
import { generatedTableOf, renderConfigTable, tableCells, withConfigTable } from "./config-table.js";

/**
 * Every provider page's configuration table is generated from the provider's exported JSON Schema. This
 * test fails when a page and its schema disagree; `pnpm docs:tables` (this file with PLUGBOARD_WRITE_DOCS=1)
 * rewrites the tables.
 */
const write = process.env.PLUGBOARD_WRITE_DOCS === "1";
const registry = createDefaultRegistry();
afterAll(() => registry.close());

describe.each(Object.keys(BUILTIN_PROVIDER_PACKAGES))("docs/providers/%s.md", (type) => {
  const path = new URL(`../../docs/providers/${type}.md`, import.meta.url);

  it("exists and holds the configuration table generated from the provider's schema", async () => {
    expect(existsSync(path), `docs/providers/${type}.md is missing: every provider needs its page`).toBe(
      true,
    );
    const table = renderConfigTable(await registry.jsonSchema(type));
    const page = readFileSync(path, "utf8");
    if (write) writeFileSync(path, withConfigTable(page, table));
    const shipped = generatedTableOf(readFileSync(path, "utf8"));
    expect(
      shipped,
      `docs/providers/${type}.md has no generated table: run \`pnpm docs:tables\``,
    ).toBeDefined();
    expect(
      tableCells(shipped ?? ""),
      `docs/providers/${type}.md disagrees with the ${type} schema: run \`pnpm docs:tables\``,
    ).toEqual(tableCells(table));
  });
});
