export { default } from "./box-provider.js";
export { type BoxConfig, boxConfigSchema } from "./box-schema.js";
