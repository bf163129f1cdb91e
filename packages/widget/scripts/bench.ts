// Size benchmark: dist/au-pay.js (the element with the part of Lit it uses, minified) against the
// budget, and against two baselines built in the same run with the same Vite settings
// (vite.config.ts, modes `standalone`, `lit-alone` and `reactive-element-alone`): all of Lit, and
// the ReactiveElement the element extends. A measurement: it says whether the budget holds and
// exits 0 either way; test/size-budget.test.ts is the test that fails over it.
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { SIZE_BUDGET_GZIPPED as budget, measureBundle } from './bundle-size.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function buildMode(mode: 'standalone' | 'lit-alone' | 'reactive-element-alone') {
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
  const file = `${root}/dist/${mode === 'standalone' ? '' : 'bench/'}${chunk.fileName}`;
  return { chunk, file, ...measureBundle(file) };
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
const reactiveElement = await buildMode('reactive-element-alone');

const bytes = (n: number) => `${n.toLocaleString('en-US')} B`.padStart(10);
const row = (label: string, size: { minified: number; gzipped: number }) =>
  console.log(`  ${label.padEnd(26)} ${bytes(size.minified)} min  ${bytes(size.gzipped)} gz`);
console.log('size of <au-pay> (minified, gzip -9)');
row('dist/au-pay.js', element);
row('Lit alone', lit);
row('ReactiveElement alone', reactiveElement);
console.log(
  `  ratio to Lit               ${(element.gzipped / lit.gzipped).toFixed(2)}x (gz); the element adds ${bytes(element.gzipped - reactiveElement.gzipped).trim()} gz to the ReactiveElement it extends`,
);
console.log('  bundle composition (bytes before minification):');
for (const [group, size] of composition(element.chunk))
  console.log(`    ${group.padEnd(24)} ${bytes(size)}`);
const ratio = element.gzipped / budget;
const spare = budget - element.gzipped;
console.log(
  `  budget                     ${bytes(element.gzipped).trim()} gz of ${bytes(budget).trim()}: ${(ratio * 100).toFixed(1)}% (${ratio.toFixed(2)}), ${
    spare >= 0
      ? `PASS, ${spare.toLocaleString('en-US')} B to spare`
      : `FAIL, ${(-spare).toLocaleString('en-US')} B over`
  }`,
);
