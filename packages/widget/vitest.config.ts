import { defineConfig } from 'vitest/config';

// Node-side tests of the built package (the element's own tests run in Chromium, see
// web-test-runner.config.js). They build first only when dist/ is older than the sources.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/fresh-build.ts'],
  },
});
