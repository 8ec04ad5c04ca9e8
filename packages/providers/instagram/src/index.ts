export { default } from "./instagram-provider.js";
export { type InstagramConfig, instagramConfigSchema } from "./instagram-schema.js";
