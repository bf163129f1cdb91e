import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Live mode must never load the emulators (DESIGN.md "Shape"): the bridge's code names
// @au-pay/sandbox in one file, which createBridge loads with import() in sandbox mode only.

const source = fileURLToPath(new URL('.', import.meta.url));

function productionFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : productionFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('sandbox mode wiring', () => {
  it('is the only production file that imports @au-pay/sandbox', () => {
    const importers = productionFiles(source)
      .filter((path) => /from '@au-pay\/sandbox[/']/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(source, path));
    expect(importers).toEqual(['sandbox-mode.ts']);
  });

  it('is loaded by createBridge with import() in sandbox mode only, and imported by no other file', () => {
    const loaders = productionFiles(source)
      .filter((path) => readFileSync(path, 'utf8').includes('sandbox-mode.js'))
      .map((path) => relative(source, path));
    expect(loaders).toEqual(['bridge.ts']);
    const bridge = readFileSync(join(source, 'bridge.ts'), 'utf8');
    // Type-only imports vanish from the JavaScript; the one value import is the dynamic one.
    expect(bridge).toMatch(/^import type \{[^}]*\} from '\.\/sandbox-mode\.js';$/m);
    expect(bridge).toMatch(/config\.mode === 'sandbox'\s*\?\s*import\('\.\/sandbox-mode\.js'\)/);
  });
});
