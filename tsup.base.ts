import { defineConfig, type Options } from "tsup";

/**
 * The build of every published package: each entry bundled into one ESM module (a cold import is
 * dominated by module resolution, see docs/decisions/0004), dependencies external, source maps on.
 * Declarations come from `tsc -b`.
 */
export function packageBuild(entry: string[]): Options | Options[] {
  return defineConfig({
    entry,
    format: ["esm"],
    target: "node20",
    platform: "node",
    sourcemap: true,
    clean: false,
    dts: false,
  }) as Options;
}
