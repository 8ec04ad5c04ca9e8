import { packageBuild } from "../../tsup.base.js";

// `registry` is the zod-free entry point (`plugboard/registry`), see docs/decisions/0007.
export default packageBuild({ index: "src/index.ts", registry: "src/registry.ts", cli: "src/cli.ts" });
