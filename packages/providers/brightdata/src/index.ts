export { default } from "./brightdata-provider.js";
export { type BrightdataConfig, brightdataConfigSchema } from "./brightdata-schema.js";
