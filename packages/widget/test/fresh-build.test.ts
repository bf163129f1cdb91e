import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsFresh } from './fresh-build.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

/** A package directory whose files carry the given modification times (seconds). */
function packageWith(files: Record<string, number>): string {
  const directory = mkdtempSync(join(tmpdir(), 'au-pay-widget-build-'));
  directories.push(directory);
  for (const [file, seconds] of Object.entries(files)) {
    const path = join(directory, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
    utimesSync(path, seconds, seconds);
  }
  // Directories count too (a deleted source changes its directory): here they are old.
  for (const folder of ['src/au-pay', 'src', 'dist']) utimesSync(join(directory, folder), 100, 100);
  return directory;
}

const built = (seconds: number) => ({
  'dist/au-pay.js': seconds,
  'dist/index.js': seconds,
  'dist/react.js': seconds,
});
const sources = { 'src/au-pay/au-pay.ts': 100, 'vite.config.ts': 100, 'package.json': 100 };

describe('whether the Node tests may read dist/ as it is', () => {
  it('a build newer than every source is fresh', () => {
    expect(buildIsFresh(packageWith({ ...sources, ...built(200) }))).toBe(true);
  });

  it('a source edited after the build is not', () => {
    expect(
      buildIsFresh(packageWith({ ...sources, 'src/au-pay/au-pay.ts': 300, ...built(200) })),
    ).toBe(false);
  });

  it('a missing built file is not', () => {
    const { 'dist/react.js': _missing, ...rest } = built(200);
    expect(buildIsFresh(packageWith({ ...sources, ...rest }))).toBe(false);
  });
});
