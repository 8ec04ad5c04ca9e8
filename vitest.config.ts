import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources of the workspace packages (the "@plugboard/source" export
// condition), so a change is tested without a rebuild; CI builds first anyway for the CLI and packed-plugin tests.
const conditions = ["@plugboard/source", "node", "import", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@plugboard/source"] } },
  test: {
    include: ["packages/**/*.test.ts", "test-fixtures/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    setupFiles: ["./packages/testkit/src/setup/no-egress.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
