export { default } from "./snowflake-provider.js";
export { type SnowflakeConfig, snowflakeConfigSchema } from "./snowflake-schema.js";
