export { default } from "./rss-provider.js";
export { type RssAuth, type RssConfig, rssConfigSchema } from "./rss-schema.js";
