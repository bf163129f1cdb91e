// Vitest global setup: the Node tests read dist/, so they must never judge a build older than the
// sources. `npm test` at the root has just built; a package-only run builds here when it must.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const BUILT = ['dist/au-pay.js', 'dist/index.js', 'dist/react.js'];
const SOURCES = ['src', 'vite.config.ts', 'package.json'];

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(
    stats.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry))),
  );
}

/** Whether every built file exists and is newer than every source it is built from. */
export function buildIsFresh(directory: string): boolean {
  const built = BUILT.map((file) => join(directory, file));
  if (!built.every((file) => existsSync(file))) return false;
  const oldestBuilt = Math.min(...built.map((file) => statSync(file).mtimeMs));
  return SOURCES.every((source) => newestChange(join(directory, source)) <= oldestBuilt);
}

export default function setup(): void {
  if (buildIsFresh(packageDir)) return;
  process.stdout.write('widget: dist/ is missing or older than src/, building first\n');
  execFileSync('npm', ['run', 'build'], { cwd: packageDir, stdio: 'inherit' });
}
