// Writes each provider package's build-time manifest (metadata and every JSON Schema export) to the file its
// package.json names under "plugboard": { "manifest" }, from the package's built entry. Run after the build.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const providersDir = fileURLToPath(new URL("../packages/providers/", import.meta.url));
const { buildProviderManifest } = await import(
  pathToFileURL(fileURLToPath(new URL("../packages/core/dist/index.js", import.meta.url))).href
);

for (const name of readdirSync(providersDir)) {
  const dir = join(providersDir, name);
  const packageJson = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = packageJson.plugboard?.manifest;
  if (typeof file !== "string") continue;
  const { default: provider } = await import(pathToFileURL(join(dir, "dist/index.js")).href);
  if (provider?.type !== packageJson.plugboard.type) {
    throw new Error(
      `${packageJson.name}: its default export is not provider "${packageJson.plugboard.type}".`,
    );
  }
  const target = join(dir, file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(buildProviderManifest(provider))}\n`);
}
