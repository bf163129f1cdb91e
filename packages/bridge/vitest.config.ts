import { defineConfig } from 'vitest/config';

// 'source' resolves workspace packages to their TypeScript sources, so tests need no prior build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    // Test files share their worker's modules (no fresh import graph per file): it halves the
    // suite's time, and no test here relies on module state, mocks or stubbed globals.
    isolate: false,
    // Every core: vitest's default is one worker fewer than the cores, which on CI's 2 cores is
    // one file at a time.
    maxWorkers: '100%',
    // Unit tests beside the code; acceptance tests of whole flows under test/.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One real PostgreSQL server for the run: the store suite runs against it as well as SQLite.
    globalSetup: ['src/testing/postgres-global-setup.ts'],
  },
});
