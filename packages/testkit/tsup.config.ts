import { defineConfig } from "tsup";

// JavaScript is bundled per entry (one module to load instead of dozens: cold imports are dominated by
// module resolution); declarations come from `tsc -b`. Dependencies stay external.
export default defineConfig({
  entry: ["src/index.ts", "src/setup/no-egress.ts"],
  format: ["esm"],
  target: "node20",
  platform: "node",
  sourcemap: true,
  clean: false,
  dts: false,
});
