import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const builtins = new Set(builtinModules);

/** Bundles `entry` for the browser and returns the Node built-ins it tried to import. */
async function nodeImportsOf(entry: { path: string } | { contents: string }) {
  const found: string[] = [];
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, '').split('/')[0] ?? '';
        if (!args.path.startsWith('node:') && !builtins.has(args.path) && !builtins.has(bare))
          return undefined;
        found.push(`${args.path} (from ${args.importer})`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : {
          stdin: {
            contents: entry.contents,
            resolveDir: fileURLToPath(new URL('.', import.meta.url)),
            loader: 'ts',
          },
        }),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    plugins: [recordNodeImports],
  });
  return { found, code: result.outputFiles[0]?.text ?? '' };
}

describe('the @au-pay/core entry in a browser', () => {
  it('bundles without any Node built-in', async () => {
    const { found, code } = await nodeImportsOf({
      path: fileURLToPath(new URL('./index.ts', import.meta.url)),
    });
    expect(found).toEqual([]);
    expect(code).toContain('amount_above_maximum');
  });

  it('leaves zod, the status messages and the acquirer profiles out of a bundle that only checks amounts', async () => {
    const { found, code } = await nodeImportsOf({
      contents: "export { checkAmount, formatYen } from './index.ts';",
    });
    expect(found).toEqual([]);
    expect(code).toContain('amount_above_maximum');
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('refund window');
    // Only the limits table (acquirers/amount-limits.ts): no capabilities, windows or timeouts.
    expect(code).toContain('SoftBank Payment Service');
    expect(code).not.toContain('ninetieth_day_from_purchase');
    expect(code).not.toContain('recurringFixedTerm');
  });

  it('would notice a Node built-in (the check itself works)', async () => {
    const { found } = await nodeImportsOf({
      contents: "import { createHash } from 'node:crypto'; import 'buffer'; export { createHash };",
    });
    expect(found.map((line) => line.split(' ')[0])).toEqual(['node:crypto', 'buffer']);
  });
});
