export { exampleProvider } from "./example-provider.js";
export { type ExampleConfig, exampleConfigSchema } from "./example-schema.js";
