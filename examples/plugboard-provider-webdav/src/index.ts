export { default } from "./webdav-provider.js";
export { type WebdavConfig, webdavConfigSchema } from "./webdav-schema.js";
