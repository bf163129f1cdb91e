// The size budget the element's design rests on (issue #5, README "Size"), counted as
// `npm run bench` counts it. Reads dist/, which test/fresh-build.ts keeps no older than src/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureBundle, SIZE_BUDGET_GZIPPED } from '../scripts/bundle-size.js';

const standalone = fileURLToPath(new URL('../dist/au-pay.js', import.meta.url));

describe('the size budget', () => {
  it('dist/au-pay.js, everything included, is at most 8,192 bytes gzipped', () => {
    const { gzipped } = measureBundle(standalone);
    expect(
      gzipped,
      `dist/au-pay.js is ${gzipped} B gzipped, over the budget of ${SIZE_BUDGET_GZIPPED} B`,
    ).toBeLessThanOrEqual(SIZE_BUDGET_GZIPPED);
  });

  it('a file that is not built fails the measurement with a message to build, never a pass', () => {
    const directory = mkdtempSync(join(tmpdir(), 'au-pay-widget-'));
    try {
      expect(() => measureBundle(join(directory, 'au-pay.js'))).toThrow(
        /au-pay\.js is not built: run `pnpm --filter @au-pay\/widget build`/,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
