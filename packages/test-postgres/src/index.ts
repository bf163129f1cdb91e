// @au-pay/test-postgres: a throwaway PostgreSQL server for the workspace's tests (never published).

export { type PostgresServer, startPostgres } from './postgres-server.js';
export { createTestDatabase } from './test-database.js';
