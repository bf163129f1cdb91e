// Size benchmark: dist/au-pay.js (the element with Lit, minified) against Lit alone, built in the
// same run with the same Vite settings (vite.config.ts, modes `standalone` and `lit-alone`).
// Budget: 8,192 bytes gzipped for the whole element, Lit included. A measurement, not a test:
// it says whether the budget holds and exits 0 either way.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const budget = 8192;
const root = fileURLToPath(new URL('..', import.meta.url));

async function buildMode(mode: 'standalone' | 'lit-alone') {
  const output = (await build({
    root,
    configFile: `${root}/vite.config.ts`,
    mode,
    logLevel: 'silent',
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunk = [output]
    .flat()
    .flatMap((o) => o.output)
    .find((item): item is Rollup.OutputChunk => item.type === 'chunk' && item.isEntry);
  if (!chunk) throw new Error(`no entry chunk built in mode ${mode}`);
  const file = `${root}/dist/${mode === 'lit-alone' ? 'bench/' : ''}${chunk.fileName}`;
  const code = readFileSync(file);
  return { chunk, file, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

/** Which package each module of the bundle comes from, with its size before minification. */
function composition(chunk: Rollup.OutputChunk) {
  const groups = new Map<string, number>();
  for (const [id, info] of Object.entries(chunk.modules)) {
    const group =
      /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1] ??
      (id.includes('/packages/core/')
        ? '@au-pay/core'
        : id.includes('/packages/widget/')
          ? '@au-pay/widget'
          : id);
    groups.set(group, (groups.get(group) ?? 0) + info.renderedLength);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
}

const element = await buildMode('standalone');
const lit = await buildMode('lit-alone');

const bytes = (n: number) => `${n.toLocaleString('en-US')} B`.padStart(10);
console.log('size of <au-pay> (minified, gzip -9)');
console.log(`  dist/au-pay.js   ${bytes(element.minified)} min  ${bytes(element.gzipped)} gz`);
console.log(`  Lit alone        ${bytes(lit.minified)} min  ${bytes(lit.gzipped)} gz`);
console.log(
  `  ratio            ${(element.gzipped / lit.gzipped).toFixed(2)}x Lit (gz); the element adds ${bytes(element.gzipped - lit.gzipped).trim()} gz`,
);
console.log('  bundle composition (bytes before minification):');
for (const [group, size] of composition(element.chunk))
  console.log(`    ${group.padEnd(24)} ${bytes(size)}`);
const over = element.gzipped - budget;
console.log(
  over > 0
    ? `  OVER BUDGET: ${bytes(element.gzipped).trim()} gz is ${over.toLocaleString('en-US')} B over ${budget.toLocaleString('en-US')} B`
    : `  within budget: ${bytes(element.gzipped).trim()} gz of ${budget.toLocaleString('en-US')} B (${(-over).toLocaleString('en-US')} B to spare)`,
);
