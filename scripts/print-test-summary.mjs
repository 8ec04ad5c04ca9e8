// Prints vitest's totals as one plain closing line ("tests: N passed, N failed, N skipped"), the format CI
// reads from any test runner. Vitest's own summary stays just above it.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".tmp/vitest-results.json";
let results;
try {
  results = JSON.parse(readFileSync(file, "utf8"));
} catch {
  console.log("tests: 0 passed, 1 failed (no vitest results were written)");
  process.exit(1);
}
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
const failed = (results.numFailedTests ?? 0) + (results.numRuntimeErrorTestSuites ?? 0);
console.log(`tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
