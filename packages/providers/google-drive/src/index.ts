export { default } from "./google-drive-provider.js";
export { type GoogleDriveConfig, googleDriveConfigSchema } from "./google-drive-schema.js";
