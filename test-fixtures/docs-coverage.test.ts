import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@plugboard/core";
import * as coreRegistry from "@plugboard/core/registry";
import * as testkit from "@plugboard/testkit";
import * as umbrella from "plugboard";
import * as umbrellaRegistry from "plugboard/registry";
import { describe, expect, it } from "vitest";

const docsDir = fileURLToPath(new URL("../docs/", import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

const docs = markdownFiles(docsDir)
  .map((file) => readFileSync(file, "utf8"))
  .join("\n");

describe("documentation covers the public API", () => {
  it.each([
    ["@plugboard/core", core],
    ["@plugboard/core/registry", coreRegistry],
    ["@plugboard/testkit", testkit],
    ["plugboard", umbrella],
    ["plugboard/registry", umbrellaRegistry],
  ] as const)("every runtime export of %s is named in docs/", (_name, module) => {
    const missing = Object.keys(module).filter((name) => !new RegExp(`\\b${name}\\b`).test(docs));
    expect(missing).toEqual([]);
  });
});
