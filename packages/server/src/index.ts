export { generateApiKey, hashApiKey } from "./api-keys.js";
export { type ConnectionsAppOptions, createConnectionsApp } from "./app.js";
export { keyRingFromEnv } from "./key-ring-from-env.js";
export { type RunningServer, startServer } from "./start-server.js";
export { type ConnectionStore, DuplicateNameError, type StoredConnection } from "./store/connection-store.js";
export { createPgliteStore } from "./store/pglite-store.js";
export { createPostgresStore } from "./store/postgres-store.js";
