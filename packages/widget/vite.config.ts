import { fileURLToPath } from 'node:url';
import { vanillaExtractPlugin } from '@vanilla-extract/vite-plugin';
import { defaultClientConditions, defineConfig, type Plugin, type UserConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * vanilla-extract compiles `*.css.ts` to hashed class names plus a virtual stylesheet that it
 * imports for its side effect (which would add a global `<style>` or a `.css` asset). A shadow
 * root needs that CSS as a string instead, so this turns the side-effect import into Vite's
 * `?inline` import and exports it as `cssText` (declared, for TypeScript, in `au-pay.css.ts`).
 * The same transform runs in the build and in the tests (web-test-runner serves through Vite).
 */
function vanillaExtractShadowCss(): Plugin {
  return {
    name: 'au-pay:vanilla-extract-shadow-css',
    enforce: 'post',
    transform(code, id) {
      if (!/\.css\.ts$/.test(id)) return;
      const inlined = code.replace(
        /import\s*["']([^"']+\.vanilla\.css)["'];?/,
        'import __shadowCss from "$1?inline";\nexport { __shadowCss as cssText };',
      );
      if (inlined === code) this.error(`no vanilla-extract stylesheet import found in ${id}`);
      return { code: inlined, map: null };
    },
  };
}

/**
 * One self-contained file evaluates Lit at load, and Lit touches `document` at once. Wrapped in
 * a function that returns early without a DOM, importing it on a server (SSR, Node) is harmless.
 */
const domGuard = 'if(typeof document>"u"||typeof customElements>"u")return;';

/**
 * The size benchmark's baselines (`bench/{mode}.ts`, built in the mode of that name), with the
 * global name that keeps their exports.
 */
const baselines: Partial<Record<string, string>> = {
  'lit-alone': 'LitAlone',
  'reactive-element-alone': 'ReactiveElementAlone',
};

/**
 * Shared by the standalone file and the baselines of the size benchmark. `name` keeps an entry's
 * exports (an IIFE drops them without one): a baseline only re-exports what it measures.
 */
function standaloneBuild(
  entry: string,
  fileName: string,
  outDir: string,
  name?: string,
): UserConfig['build'] {
  return {
    outDir,
    emptyOutDir: false,
    minify: 'terser',
    terserOptions: { compress: { passes: 2 }, format: { comments: false } },
    sourcemap: false,
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: entry,
      // Vite drops an application entry's exports unless told otherwise.
      preserveEntrySignatures: name ? 'strict' : false,
      output: { format: 'iife', entryFileNames: fileName, intro: domGuard, name },
    },
  };
}

export default defineConfig(({ mode }) => {
  const base: UserConfig = {
    resolve: { conditions: ['source', ...defaultClientConditions] },
    plugins: [vanillaExtractPlugin({ identifiers: 'short' }), vanillaExtractShadowCss()],
    esbuild: { legalComments: 'none' },
    // The test runner's command client talks to the runner's own server; leave it unbundled.
    optimizeDeps: { exclude: ['@web/test-runner-commands'] },
    logLevel: 'warn',
  };

  if (mode === 'standalone') {
    return { ...base, build: standaloneBuild(here('src/standalone.ts'), 'au-pay.js', 'dist') };
  }
  const baseline = baselines[mode];
  if (baseline) {
    return {
      ...base,
      build: standaloneBuild(here(`bench/${mode}.ts`), `${mode}.js`, 'dist/bench', baseline),
    };
  }

  // The module for bundlers: readable ESM, Lit and React left to the application's bundler.
  return {
    ...base,
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      lib: {
        entry: { index: here('src/index.ts'), react: here('src/react.ts') },
        formats: ['es'],
      },
      rollupOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, /^react(\/|$)/],
        output: { entryFileNames: '[name].js', chunkFileNames: '[name].js' },
      },
    },
  };
});
