// How the size of a built file is counted, for both the size budget test and `npm run bench`.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Bytes gzipped (level 9) for the whole self-contained element, Lit's part included (issue #5). */
export const SIZE_BUDGET_GZIPPED = 8192;

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** A built file's bytes as they are, and gzipped at level 9 (`gzip -9`). */
export function measureBundle(file: string): BundleSize {
  if (!existsSync(file)) {
    throw new Error(
      `${file} is not built: run \`pnpm --filter @au-pay/widget build\` (or \`npm run build\` in packages/widget) first.`,
    );
  }
  const code = readFileSync(file);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}
