import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type BridgeConfig,
  ConfigError,
  createBridge,
  createLogger,
  type Logger,
  loadConfig,
} from '@au-pay/bridge';
import { acquirerIds } from '@au-pay/core';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import { BridgeApi, BridgeUnavailable } from './bridge-api.js';
import { messagesFor } from './i18n/index.js';
import { checkoutRoutes } from './routes/checkout.js';
import { orderRoutes } from './routes/orders.js';
import { storefrontRoutes } from './routes/storefront.js';
import { subscriptionOrderRoutes } from './routes/subscription-orders.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { WEBHOOK_PATH, webhookRoutes } from './routes/webhooks.js';
import { pageContext, resolveLang, type ShopContext } from './shop-context.js';
import { testAuIds } from './test-au-ids.js';
import { CART_CHOICES_JS } from './views/cart-choices-script.js';
import { LOGO_SVG, renderProblem } from './views/layout.js';
import { RESULT_POLL_JS } from './views/result-poll-script.js';
import { SHOP_CSS } from './views/styles.js';
import { WebhookInbox } from './webhook-inbox.js';

type Env = Record<string, string | undefined>;

export interface ShopOptions {
  /** Defaults to `process.env`. Every variable the bridge reads (DESIGN.md) can be set here. */
  env?: Env;
  /** Where the shop keeps its own files (received webhooks); `null` keeps them in memory. */
  dataDir?: string | null;
  /** The bridge's logger, shared by the shop; by default pino at `LOG_LEVEL` (`warn`). */
  logger?: Logger;
}

export interface RunningShop {
  /** `http://127.0.0.1:3000`, without a trailing slash. */
  url: string;
  /** The bridge's configuration as loaded (its `publicUrl` is `<url>/bridge`). */
  bridgeConfig: BridgeConfig;
  server: Server;
  close(): Promise<void>;
}

/** Where the shop mounts the bridge: `PUBLIC_URL` is the shop's origin plus this. */
export const BRIDGE_MOUNT_PATH = '/bridge';

/**
 * Starts the demo shop with the bridge mounted at `/bridge`, the way a merchant adds au PAY to an
 * existing Express app. The server listens first, so that `PORT=0` works: the bridge's
 * `PUBLIC_URL`, return-URL origin and webhook URL all need the real port.
 */
export async function startShop(options: ShopOptions = {}): Promise<RunningShop> {
  const env = options.env ?? process.env;
  const port = Number(env.PORT?.trim() || 3000);
  const host = env.HOST?.trim() || '127.0.0.1';

  let bridgeHandler: RequestHandler | null = null;
  let shopApp: express.Express | null = null;
  const server = createServer((req, res) => {
    if (shopApp) {
      shopApp(req, res);
    } else {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end('Starting…');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  try {
    const givenPublicUrl = env.PUBLIC_URL?.trim();
    if (givenPublicUrl && !givenPublicUrl.replace(/\/+$/, '').endsWith(BRIDGE_MOUNT_PATH)) {
      throw new ConfigError([
        `PUBLIC_URL: the demo shop mounts the bridge at ${BRIDGE_MOUNT_PATH}, so PUBLIC_URL must end with it (e.g. https://shop.example${BRIDGE_MOUNT_PATH}); got ${givenPublicUrl}`,
      ]);
    }
    const origin = shopOrigin(env, host, actualPort);
    const webhookSecret = env.WEBHOOK_SECRET?.trim() || `whsec_${randomBytes(24).toString('hex')}`;
    const bridgeConfig = loadConfig({
      ...env,
      PORT: String(actualPort),
      HOST: host,
      PUBLIC_URL: env.PUBLIC_URL || `${origin}${BRIDGE_MOUNT_PATH}`,
      DATABASE_URL: env.DATABASE_URL || 'sqlite:.au-pay/demo.db',
      RETURN_URL_ORIGINS: env.RETURN_URL_ORIGINS || origin,
      WEBHOOK_URL: env.WEBHOOK_URL || `${origin}${WEBHOOK_PATH}`,
      WEBHOOK_SECRET: webhookSecret,
    });

    const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL || 'warn' });
    const bridge = createBridge(bridgeConfig, { logger });
    await bridge.ready;
    bridgeHandler = bridge;

    const dataDir = options.dataDir === undefined ? '.au-pay' : options.dataDir;
    const shop: ShopContext = {
      origin,
      api: new BridgeApi(bridgeConfig.publicUrl, bridgeConfig.secretKey),
      inbox: new WebhookInbox(dataDir === null ? null : join(dataDir, 'demo-webhooks.json')),
      webhookSecret: bridgeConfig.webhook?.secret ?? null,
      widgetAvailable: widgetProbe(`${bridgeConfig.publicUrl}/au-pay.js`),
      testAuIds,
      logger: logger.child({ component: 'demo-shop' }),
      now: () => new Date(),
      sandbox: bridgeConfig.mode === 'sandbox',
      acquirers: acquirerIds.filter((id) => id in bridgeConfig.acquirers),
      defaultAcquirer: bridgeConfig.defaultAcquirer,
    };
    shopApp = createShopApp(shop, (req, res, next) =>
      bridgeHandler ? bridgeHandler(req, res, next) : next(),
    );

    return {
      url: origin,
      bridgeConfig,
      server,
      close: async () => {
        shopApp = null;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await bridge.close();
      },
    };
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
}

/** The Express app: the bridge first (it sets its own security headers), then the shop. */
export function createShopApp(shop: ShopContext, bridge: RequestHandler): express.Express {
  const app = express();
  app.disable('x-powered-by');

  // 1. The bridge, mounted like any merchant would mount it.
  app.use(BRIDGE_MOUNT_PATH, bridge);

  // 2. The webhook endpoint reads the raw body itself; it must not pass a JSON parser first.
  app.use(webhookRoutes(shop));

  // 3. The shop's pages.
  const https = shop.origin.startsWith('https:');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Over plain http (the local demo), upgrading requests would break every asset.
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      strictTransportSecurity: https,
    }),
  );
  app.use((req, res, next) => {
    res.locals.lang = resolveLang(req, res, shop);
    next();
  });
  app.use(sameOriginPosts(shop));

  app.get('/assets/shop.css', (_req, res) => {
    res.type('text/css').set('cache-control', 'public, max-age=300').send(SHOP_CSS);
  });
  app.get('/assets/icon.svg', (_req, res) => {
    res.type('image/svg+xml').set('cache-control', 'public, max-age=86400').send(LOGO_SVG);
  });
  // Pages without their own icon link (the sandbox's au screens) make browsers ask for this.
  app.get('/favicon.ico', (_req, res) => {
    res.redirect(301, '/assets/icon.svg');
  });
  app.get('/assets/result-poll.js', (_req, res) => {
    res.type('text/javascript').set('cache-control', 'public, max-age=300').send(RESULT_POLL_JS);
  });
  app.get('/assets/cart-choices.js', (_req, res) => {
    res.type('text/javascript').set('cache-control', 'public, max-age=300').send(CART_CHOICES_JS);
  });

  app.use(storefrontRoutes(shop));
  app.use(checkoutRoutes(shop));
  app.use(orderRoutes(shop));
  app.use(subscriptionRoutes(shop));
  app.use(subscriptionOrderRoutes(shop));

  app.use((req, res) => {
    const ctx = pageContext(req, res, 'none');
    res.status(404).send(renderProblem(ctx, ctx.t.errors.notFound));
  });
  app.use(problemHandler(shop));
  return app;
}

/**
 * Form posts must come from the shop's own pages: browsers say where a request comes from in
 * `Sec-Fetch-Site` (or at least `Origin`), so another site cannot press "refund" for the shop.
 */
function sameOriginPosts(shop: ShopContext): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') {
      next();
      return;
    }
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    const refused =
      site !== undefined
        ? site !== 'same-origin' && site !== 'none'
        : origin !== undefined && origin !== ownOrigin && origin !== shop.origin;
    if (refused) {
      shop.logger.warn({ path: req.path, site, origin }, 'cross-site form post refused');
      const ctx = pageContext(req, res, 'none');
      res.status(403).send(renderProblem(ctx, ctx.t.errors.forbidden));
      return;
    }
    next();
  };
}

/** Anything unexpected: logged in full, shown as one friendly sentence, never as a stack trace. */
function problemHandler(shop: ShopContext): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const lang = res.locals.lang === 'en' ? 'en' : 'ja';
    res.locals.lang = lang;
    const t = messagesFor(lang);
    const unavailable = error instanceof BridgeUnavailable;
    shop.logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    const status = unavailable
      ? 502
      : typeof error?.status === 'number' && error.status >= 400 && error.status < 500
        ? error.status
        : 500;
    res
      .status(status)
      .send(
        renderProblem(
          pageContext(req, res, 'none'),
          unavailable ? t.errors.bridgeUnavailable : t.errors.unexpected,
        ),
      );
  };
}

/**
 * The shop's external origin: `PUBLIC_URL`'s when one is set (the shop behind a proxy), else
 * where it listens. A wildcard address is shown as the loopback one, which a browser can open.
 */
function shopOrigin(env: Env, host: string, port: number): string {
  const publicUrl = env.PUBLIC_URL?.trim();
  if (publicUrl) {
    try {
      return new URL(publicUrl).origin;
    } catch {
      // loadConfig reports the bad PUBLIC_URL with its own message.
    }
  }
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host;
  return `http://${shown.includes(':') && !shown.startsWith('[') ? `[${shown}]` : shown}:${port}`;
}

/**
 * Whether the bridge serves the `<au-pay>` widget yet (`GET /bridge/au-pay.js`). Once it does,
 * the answer is kept; until then it is asked again at most every few seconds. Pages asking at the
 * same moment share one probe, so the first pages after a start do not fall back by mistake.
 */
function widgetProbe(url: string): () => Promise<boolean> {
  let available = false;
  let checkedAt = 0;
  let probing: Promise<boolean> | null = null;
  const probe = async () => {
    try {
      const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(2000) });
      available = response.ok;
    } catch {
      available = false;
    }
    checkedAt = Date.now();
    probing = null;
    return available;
  };
  return async () => {
    if (available || Date.now() - checkedAt < 3000) return available;
    probing ??= probe();
    return probing;
  };
}
