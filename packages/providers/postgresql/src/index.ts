export { type ConnectionSettings, connectionSettings } from "./connection-settings.js";
export { default } from "./postgresql-provider.js";
export { type PostgresqlConfig, postgresqlConfigSchema, SSL_MODES } from "./postgresql-schema.js";
