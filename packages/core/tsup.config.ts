import { packageBuild } from "../../tsup.base.js";

// `registry` is the zod-free entry point (`@plugboard/core/registry`), see docs/decisions/0007. It imports the
// whole core lazily by the package's own name, which must stay a real import, not a bundled copy.
export default {
  ...packageBuild({ index: "src/index.ts", registry: "src/registry/index.ts" }),
  external: ["@plugboard/core"],
};
