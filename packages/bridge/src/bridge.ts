import type { AcquirerId } from '@au-pay/core';
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { AcquirerConnector, AcquirerHost } from './acquirers/acquirer.js';
import { acquirerRegistry, type ConnectorDefinition } from './acquirers/registry.js';
import {
  type BridgeContext,
  DEFAULT_PAYMENT_SETTINGS,
  type PaymentSettings,
} from './bridge-context.js';
import type { BridgeConfig } from './config.js';
import { bodyRefusalError } from './http/api-error.js';
import { bodyRefusal, logBodyRefusal } from './http/body-refusal.js';
import { clientAddressReader } from './http/client-address.js';
import { malformedPathError } from './http/malformed-path.js';
import { createRateLimits } from './http/rate-limits.js';
import { securityHeaderWriter } from './http/security-headers.js';
import { createLogger, type Logger } from './logger.js';
import {
  applyVerifiedResult,
  applyVerifiedResultToOrder,
} from './payments/apply-verified-result.js';
import { ExpirySweeper, expireIfDue } from './payments/expiry.js';
import { settleOpenOperation } from './payments/open-operations.js';
import { underOperationLock } from './payments/operation-lock.js';
import { checkoutRouter } from './routes/checkout.js';
import { checkoutStateRouter } from './routes/checkout-state.js';
import { publicInfoRouter } from './routes/openapi.js';
import { paymentsRouter } from './routes/payments.js';
import { returnBuyerToMerchant } from './routes/return-to-merchant.js';
import { SANDBOX_CLOCK_PATH, sandboxClockRouter } from './routes/sandbox-clock.js';
import { subscriptionCheckoutRouter } from './routes/subscription-checkout.js';
import { subscriptionsRouter } from './routes/subscriptions.js';
import { widgetScriptRouter } from './routes/widget-script.js';
import { SandboxClock } from './sandbox-clock.js';
import type { Sandbox, SandboxOverrides } from './sandbox-mode.js';
import { openPaymentStore } from './store/open-store.js';
import type { PaymentStore } from './store/payment-store.js';
import { subscriptionCallbacks } from './subscriptions/subscription-callbacks.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

export interface BridgeOptions {
  /** JSON logger; by default pino on stdout at `info`. */
  logger?: Logger;
  /**
   * The clock of every rule and record (tests inject one). Without it, live mode reads real time
   * and sandbox mode reads the sandbox's test clock (`GET`/`POST /sandbox/clock`).
   */
  now?: () => Date;
  /** A store to use instead of opening `config.databaseUrl`; `close()` closes it all the same. */
  store?: PaymentStore;
  /** `fetch` for acquirer API calls and webhook deliveries. */
  fetch?: typeof fetch;
  /**
   * Connectors to use besides (or, for the same id, instead of) those the registry creates from
   * `config.acquirers`: tests inject one at the acquirer edge. Each is mounted at `/<id>`.
   */
  connectors?: AcquirerConnector[];
  /** Timing and size choices; see `PaymentSettings` for each default. */
  settings?: Partial<PaymentSettings>;
  /**
   * Run the expiry sweep and the webhook dispatcher in this process (default true). Turn off in
   * extra instances if one is enough; expiry and delivery are safe to run in several.
   */
  workers?: boolean;
  /** Webhook delivery tuning, passed to the dispatcher (tests shorten the poll interval). */
  webhookPollIntervalMs?: number;
  /**
   * Sandbox mode: how the emulated SBPS differs from its defaults. Tests shorten the slow
   * scenario's delay, or give the emulator other API credentials than the bridge's own `SBPS_API_*`
   * to play a bridge configured with the wrong password.
   */
  sandbox?: SandboxOverrides;
}

/** An Express router with the whole bridge, plus its lifecycle. */
export interface BridgeRouter extends Router {
  /**
   * Resolves once the database is migrated (and, in sandbox mode, the sandbox is mounted); requests
   * wait for it. Rejects if it fails.
   */
  ready: Promise<void>;
  /** Stops the workers, waits for them, and closes the store. */
  close(): Promise<void>;
  /** What the routes share; for tests and tools. */
  context: BridgeContext;
  /**
   * What the emulators of `@au-pay/sandbox` hold (`sandbox.sbps`) and `whenIdle()`; for tests and
   * tools. Set once `ready` resolves in sandbox mode; null in live mode.
   */
  sandbox: Sandbox | null;
  /**
   * The sandbox's test clock, which `context.now` reads (sandbox mode without an injected `now`;
   * null otherwise).
   */
  clock: SandboxClock | null;
}

/**
 * The bridge as a router, to mount at the path `PUBLIC_URL` points to:
 *
 * ```ts
 * const bridge = createBridge(loadConfig());
 * app.use(bridge);            // or app.use('/pay', bridge) with PUBLIC_URL=https://shop.example/pay
 * await bridge.ready;
 * ```
 */
export function createBridge(config: BridgeConfig, options: BridgeOptions = {}): BridgeRouter {
  const logger = options.logger ?? createLogger();
  const realNow = () => new Date();
  // Sandbox mode: real time plus a forward-only offset the merchant moves at /sandbox/clock, read
  // by every rule, record, expiry and the emulated SBPS. An injected clock (tests) wins.
  const clock = config.mode === 'sandbox' && !options.now ? new SandboxClock(realNow) : null;
  const now = options.now ?? clock?.now ?? realNow;
  const settings: PaymentSettings = { ...DEFAULT_PAYMENT_SETTINGS, ...options.settings };
  const store = options.store ?? openPaymentStore(config.databaseUrl);
  const connectors = createConnectors(config, logger, now, options);
  const clientAddress = clientAddressReader(config.trustProxy);
  const rateLimits = createRateLimits({
    limits: config.rateLimits,
    secretKey: config.secretKey,
    clientAddress,
    logger,
  });
  const context: BridgeContext = {
    config,
    store,
    logger,
    now,
    connectors,
    settings,
    clientAddress,
    rateLimits,
  };
  const host: AcquirerHost = {
    store,
    logger,
    now,
    formBodyLimit: settings.formBodyLimit,
    clientAddress,
    applyVerifiedResult: (paymentId, result) => applyVerifiedResult(context, paymentId, result),
    applyVerifiedResultToOrder: (orderId, resultFor) =>
      applyVerifiedResultToOrder(context, orderId, resultFor),
    expireIfDue: (payment) => expireIfDue(context, payment),
    settleOpenOperation: async (paymentId, operationId, applied) => {
      await underOperationLock(context, paymentId, async () => {
        const payment = await store.getPayment(paymentId);
        const operation = payment?.openOperation;
        if (!payment || operation?.id !== operationId) return;
        await settleOpenOperation(context, payment, operation, applied, 'notification');
      });
    },
    returnBuyerToMerchant,
    subscriptions: subscriptionCallbacks(context),
  };

  const router = express.Router() as BridgeRouter;
  router.sandbox = null;
  const migrated = store
    .migrate()
    .then(async () => clock?.resumeFrom(await latestRecordTime(store)));
  migrated.catch((error: unknown) => logger.fatal({ err: error }, 'database migration failed'));
  // The emulators, sandbox mode only: loaded here and only here, so live mode never loads them.
  // Mounted where `sandboxRoutes` sits among the routes below.
  const sandboxRoutes = express.Router();
  let stopSandboxDeliveries = (): void => {};
  const sandboxMounted =
    config.mode === 'sandbox'
      ? import('./sandbox-mode.js').then(({ mountSandbox, startSandboxDeliveries }) => {
          router.sandbox = mountSandbox(sandboxRoutes, context, options.fetch, options.sandbox);
          if (options.workers !== false && !closed) {
            stopSandboxDeliveries = startSandboxDeliveries(router.sandbox, context);
          }
        })
      : Promise.resolve();
  sandboxMounted.catch((error: unknown) => logger.fatal({ err: error }, 'sandbox not mounted'));
  // Requests wait for both; a failure is reported by `ready` and by 503s.
  const ready = Promise.all([migrated, sandboxMounted]).then(() => {});

  const sweeper = new ExpirySweeper(context);
  const dispatcher = config.webhook
    ? new WebhookDispatcher({
        store,
        url: config.webhook.url,
        secret: config.webhook.secret,
        logger,
        // Due times, leases and retries follow the clock the outbox is written with (the sandbox
        // clock): a message's first due time is its event's time, so on real time a message
        // written after a jump would wait until real time caught up. A jump makes waiting retries
        // due and can end a lease early (delivery is at least once anyway). The signature's t= is
        // checked by the merchant against its real clock within minutes, so it is signed with
        // real time unless a test injected its own clock.
        now,
        signatureNow: options.now ?? realNow,
        ...(options.fetch && { fetch: options.fetch }),
        ...(options.webhookPollIntervalMs !== undefined && {
          pollIntervalMs: options.webhookPollIntervalMs,
        }),
      })
    : null;
  let closed = false;
  if (options.workers !== false) {
    ready.then(
      () => {
        if (closed) return;
        sweeper.start();
        dispatcher?.start();
      },
      () => {},
    );
  }

  const writeSecurityHeaders = securityHeaderWriter();
  let isReady = false;
  ready.then(
    () => {
      isReady = true;
    },
    () => {},
  );
  // helmet's headers, then wait for the database. One layer (Express pays per layer), synchronous
  // once ready: an async middleware would cost every request a promise.
  router.use((_req, res, next) => {
    writeSecurityHeaders(res);
    if (isReady) {
      next();
      return;
    }
    ready.then(
      () => next(),
      () => {
        res.status(503).json({
          error: { code: 'database_unavailable', message: 'The bridge database is not ready.' },
        });
      },
    );
  });
  // Express tries the mounted routers one by one, and every router without a path is entered and
  // searched: the busiest routes (the merchant API, the acquirers' notifications) come first. No
  // two of these share a path, so the order changes nothing else.
  const merchantApi = express.Router();
  // Counts the answers to missing or wrong keys (none to count when rate limits are off).
  if (config.rateLimits) merchantApi.use(rateLimits.wrongKeys);
  merchantApi.use('/payments', paymentsRouter(context));
  merchantApi.use('/subscriptions', subscriptionsRouter(context));
  router.use('/v1', merchantApi);
  // Each acquirer's own callbacks (SBPS: /sbps/notify, /sbps/return/:kind).
  for (const connector of connectors.values())
    router.use(`/${connector.id}`, connector.routes(host));
  router.use(publicInfoRouter(config.publicUrl));
  router.use(widgetScriptRouter());
  router.use(subscriptionCheckoutRouter(context));
  router.use(checkoutRouter(context));
  router.use(checkoutStateRouter(context));
  router.use(sandboxRoutes);
  if (clock) {
    router.use(
      SANDBOX_CLOCK_PATH,
      rateLimits.wrongKeys,
      sandboxClockRouter(context, clock, async () => {
        // A pass already under way listed what was due before the move: let it finish, then
        // sweep at the new time.
        await sweeper.sweep();
        await sweeper.sweep();
        // The emulators' notifications, resends and timeouts due at the new time.
        await router.sandbox?.antom?.processDue();
        await router.sandbox?.nomupay?.deliverDue();
        await router.sandbox?.sbps?.processDue();
      }),
    );
  }
  router.use(lastResortErrors(logger));

  router.ready = ready;
  router.context = context;
  router.clock = clock;
  router.close = async () => {
    if (closed) return;
    closed = true;
    rateLimits.close();
    await sandboxMounted.catch(() => {});
    stopSandboxDeliveries();
    await Promise.all([sweeper.stop(), dispatcher?.stop(), router.sandbox?.whenIdle()]);
    await ready.catch(() => {});
    await store.close();
  };
  return router;
}

/** The configured acquirers' connectors, from the registry, then those the options inject. */
function createConnectors(
  config: BridgeConfig,
  logger: Logger,
  now: () => Date,
  options: BridgeOptions,
): Map<AcquirerId, AcquirerConnector> {
  const connectors = new Map<AcquirerId, AcquirerConnector>();
  for (const [id, section] of Object.entries(config.acquirers)) {
    const definition = acquirerRegistry[id as keyof typeof acquirerRegistry] as ConnectorDefinition<
      typeof section
    >;
    connectors.set(
      definition.id,
      definition.create(section, {
        mode: config.mode,
        logger,
        now,
        ...(options.fetch && { fetch: options.fetch }),
      }),
    );
  }
  for (const connector of options.connectors ?? []) connectors.set(connector.id, connector);
  return connectors;
}

/** When the newest payment last changed: where a restarted sandbox clock resumes from. */
async function latestRecordTime(store: PaymentStore): Promise<Date | null> {
  const [newest] = await store.listPayments({ limit: 1 });
  return newest?.updatedAt ?? null;
}

/** Errors outside the merchant API (which answers its own JSON): bodies too large, crashes. */
function lastResortErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const refused = bodyRefusal(error);
    if (refused) {
      logBodyRefusal(logger, req, refused);
      res.status(refused.status).json(bodyRefusalError(refused).toBody());
      return;
    }
    const malformed = malformedPathError(error);
    if (malformed) {
      res.status(malformed.status).json(malformed.toBody());
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unexpected error');
    res
      .status(500)
      .json({ error: { code: 'internal_error', message: 'The bridge failed unexpectedly.' } });
  };
}
