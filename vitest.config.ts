import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources of the workspace packages (the "@plugboard/source" export
// condition), so a change is tested without a rebuild; CI builds first anyway for the CLI and packed-plugin tests.
// Only the custom condition is added to Vite's defaults: listing "import" here would leak into Node's own
// resolution of externalised CommonJS dependencies and make `require` pick their ESM builds.
const conditions = ["@plugboard/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["packages/**/*.test.ts", "test-fixtures/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    setupFiles: ["./packages/testkit/src/setup/no-egress.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
