export { default } from "./http-api-provider.js";
export { type HttpApiAuth, type HttpApiConfig, httpApiConfigSchema } from "./http-api-schema.js";
