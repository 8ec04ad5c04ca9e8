import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources of the workspace packages (the "@plugboard/source" export
// condition), so a change is tested without a rebuild; CI builds first anyway for the CLI and packed-plugin tests.
// The custom condition plus Node's: "import" would make externalised CommonJS dependencies `require` their
// ESM builds, and "module" would pull bundler-only ESM builds (extensionless imports, e.g. @smithy/core's
// dist-es) into Node.
const conditions = ["@plugboard/source", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["packages/**/*.test.ts", "test-fixtures/**/*.test.ts", "docs/forms-demo/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    setupFiles: ["./packages/testkit/src/setup/no-egress.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
