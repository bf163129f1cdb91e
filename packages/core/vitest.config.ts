import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Test files share their worker's modules (no fresh import graph per file): it halves the
    // suite's time, and no test here relies on module state, mocks or stubbed globals.
    isolate: false,
    // Every core: vitest's default is one worker fewer than the cores, which on CI's 2 cores is
    // one file at a time.
    maxWorkers: '100%',
    include: ['src/**/*.test.ts'],
    // The property tests run thousands of cases each under coverage: on a loaded 2-core machine
    // they take longer than vitest's 5 s default, which is no failure of the rules they check.
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/testing/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
