import { defineConfig, type Options } from "tsup";

/**
 * The build of every published package: each entry bundled into one ESM module (a cold import is
 * dominated by module resolution, see docs/decisions/0004), dependencies external, source maps on. Code that
 * two entries share, or that an entry imports lazily, goes to a shared chunk, so a class has one identity
 * whichever entry it came through. Declarations come from `tsc -b`.
 */
export function packageBuild(entry: string[] | Record<string, string>): Options | Options[] {
  return defineConfig({
    entry,
    format: ["esm"],
    splitting: true,
    target: "node20",
    platform: "node",
    sourcemap: true,
    clean: false,
    dts: false,
  }) as Options;
}
