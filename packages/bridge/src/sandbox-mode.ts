// Sandbox mode's wiring: the one file of the bridge that loads @au-pay/sandbox. `createBridge`
// imports it with `import()` in sandbox mode only, so live mode never loads the emulators.

import { exportNomupayPublicKey } from '@au-pay/core/nomupay';
import { createSandbox, type Sandbox, type SbpsEmulatorOptions } from '@au-pay/sandbox';
import type { Router } from 'express';
import { SANDBOX_NOMUPAY_PATH } from './acquirers/nomupay/config.js';
import type { BridgeContext } from './bridge-context.js';

export type { Sandbox } from '@au-pay/sandbox';

/**
 * How the emulated SBPS differs from its defaults: tests shorten the slow scenario's delay, or give
 * the emulator other API credentials than the bridge's own `SBPS_API_*`.
 */
export type SandboxOverrides = Partial<
  Pick<
    SbpsEmulatorOptions,
    'slowNotificationDelayMs' | 'notificationTimeoutMs' | 'apiUser' | 'apiPassword'
  >
>;

/** Where the sandbox is mounted, relative to the bridge (SBPS at `/sandbox/sbps`). */
const SANDBOX_PATH = '/sandbox';

/**
 * Mounts the emulators at `/sandbox` on `router`, with the bridge's own SBPS values (where the
 * default `SBPS_PURCHASE_URL` and `SBPS_API_URL` point) and its clock. The emulator notifies only
 * the bridge's own origin. SBPS's sales mode (automated or specified) is a contract setting; the
 * emulator reads each purchase's from the payment's `captureMode`, so one sandbox serves both.
 */
export function mountSandbox(
  router: Router,
  context: BridgeContext,
  fetchImplementation: typeof fetch | undefined,
  overrides: SandboxOverrides = {},
): Sandbox {
  const { acquirers, publicUrl, returnUrlOrigins } = context.config;
  // Sandbox mode configures every registered acquirer, each at its emulator.
  const sbps = acquirers.sbps;
  if (!sbps) throw new Error('sandbox mode without SBPS: acquirers.sbps is not configured');
  const sandbox = createSandbox({
    notificationOrigins: [new URL(publicUrl).origin],
    now: context.now,
    ...(fetchImplementation && { fetch: fetchImplementation }),
    formActionOrigins: returnUrlOrigins,
    logger: context.logger.child({ component: 'sandbox' }),
    sbps: {
      merchantId: sbps.merchantId,
      serviceId: sbps.serviceId,
      hashKey: sbps.hashKey,
      apiUser: sbps.apiUser,
      apiPassword: sbps.apiPassword,
      salesMode: async ({ orderId }) =>
        (await context.store.getPaymentByOrderId(orderId))?.captureMode ?? 'manual',
      ...overrides,
    },
    // The emulated Antom verifies with the public half of the bridge's ANTOM_PRIVATE_KEY and signs
    // with its own test key (the default ANTOM_PUBLIC_KEY).
    ...(acquirers.antom && {
      antom: {
        clientId: acquirers.antom.clientId,
        merchantPublicKey: acquirers.antom.merchantPublicKey,
        paymentMethodType: acquirers.antom.paymentMethodType,
      },
    }),
    // NomuPay's emulator knows the bridge's HMAC key and the public half of its private key
    // (DESIGN.md, sandbox keys), and posts its webhooks to the bridge.
    ...(acquirers.nomupay && {
      nomupay: {
        processingAccountId: acquirers.nomupay.processingAccountId,
        keys: { [acquirers.nomupay.keyId]: exportNomupayPublicKey(acquirers.nomupay.privateKey) },
        hmacKey: acquirers.nomupay.hmacKey,
        webhookUrl: acquirers.nomupay.webhookUrl,
        publicUrl: `${publicUrl}${SANDBOX_NOMUPAY_PATH}`,
      },
    }),
  });
  router.use(SANDBOX_PATH, sandbox);
  return sandbox;
}

/**
 * How often the emulators' due messages are sent: Antom's resends and 14-minute timeouts, NomuPay's
 * webhook retries and timeouts, SBPS's monthly billing.
 */
const SANDBOX_DELIVERY_INTERVAL_MS = 1000;

/**
 * The emulators send nothing by timer of their own: this sends what is due on the sandbox clock
 * every second (and `processDue` is also called after a clock move). Returns the stop function.
 */
export function startSandboxDeliveries(sandbox: Sandbox, context: BridgeContext): () => void {
  const timer = setInterval(() => {
    Promise.all([
      sandbox.antom?.processDue(),
      sandbox.nomupay?.deliverDue(),
      // SBPS's monthly billing on the 1st and its failure notices (spec §5, §14).
      sandbox.sbps?.processDue(),
    ]).catch((error: unknown) => {
      context.logger.error({ err: error }, 'sandbox deliveries failed');
    });
  }, SANDBOX_DELIVERY_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
