import { startPostgres } from '@au-pay/test-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL server; test files create their own database in it. */
    postgresUrl: string;
  }
}

/** Starts one PostgreSQL server for the whole test run, and stops it at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
