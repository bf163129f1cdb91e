// @ts-check
// Tests run in Debian's Chromium (never a downloaded browser), headless. The sources are served
// through Vite with the package's own vite.config.ts, so tests run exactly what the build
// compiles: vanilla-extract styles inlined into the shadow root, and workspace packages through
// their `source` condition (no build of @au-pay/core needed).
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createServer } from 'vite';
import { bridgeDouble } from './test/bridge-double.js';

/** @type {import('vite').ViteDevServer | undefined} */
let vite;

/** @type {import('@web/test-runner').TestRunnerPlugin} */
const viteServer = {
  name: 'vite',
  async serverStart() {
    vite = await createServer({
      configFile: 'vite.config.ts',
      mode: 'test',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
      clearScreen: false,
      plugins: [
        {
          // The command client imports the runner's own socket module by absolute URL.
          name: 'web-test-runner-urls',
          resolveId: (id) => (id.startsWith('/__web') ? { id, external: true } : undefined),
        },
      ],
    });
  },
  async serverStop() {
    await vite?.close();
  },
};

/**
 * Hands every request Vite knows (modules, `/@fs/`, `/@id/`, pre-bundled dependencies) to Vite;
 * the rest (the runner's own pages and scripts) falls through to web-test-runner.
 * @type {NonNullable<import('@web/test-runner').TestRunnerConfig['middleware']>[number]}
 */
async function viteMiddleware(ctx, next) {
  const server = vite;
  if (!server || ctx.path === '/' || ctx.path.startsWith('/__web')) return next();
  const handled = await new Promise((resolve, reject) => {
    ctx.res.once('finish', () => resolve(true));
    server.middlewares(ctx.req, ctx.res, (/** @type {unknown} */ error) =>
      error ? reject(error) : resolve(false),
    );
  });
  if (handled) ctx.respond = false;
  else await next();
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: false,
  plugins: [viteServer],
  middleware: [bridgeDouble, viteMiddleware],
  concurrency: 4,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  // Lit's development build (served in tests) announces itself once per page; nothing to act on.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script>globalThis.litIssuedWarnings = new Set(['dev-mode']);</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
};
