export { default } from "./sharepoint-provider.js";
export { NATIONAL_CLOUDS, type SharepointConfig, sharepointConfigSchema } from "./sharepoint-schema.js";
