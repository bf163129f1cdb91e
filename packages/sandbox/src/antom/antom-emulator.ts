import { antomPaymentExpiresAt } from '@au-pay/core';
import express, { type Router } from 'express';
import { buyerScreens } from '../au/buyer-screens.js';
import { BuyerSessions } from '../au/buyer-sessions.js';
import type { EmulatorHost } from '../emulator-host.js';
import { sandboxHelmet } from '../security-headers.js';
import { AntomLedger, type AntomPayment, type AntomRefund } from './antom-ledger.js';
import { antomPurchaseEnding } from './antom-purchase-ending.js';
import { NotificationOutbox, type SentNotification } from './notification-outbox.js';
import { type AntomEmulatorOptions, resolveAntomOptions } from './options.js';
import { pay } from './pay.js';
import { cancelPayment, inquiryPayment } from './payment-operations.js';
import { expireOverduePayments, type PaymentResultContext } from './payment-results.js';
import { inquiryRefund, refund } from './refunds.js';
import { signedApi } from './signed-api.js';

/** What the emulated Antom holds, for tests and tools. */
export interface AntomEmulatorState {
  payments(): ReadonlyArray<Readonly<AntomPayment>>;
  payment(ids: {
    paymentId?: string;
    paymentRequestId?: string;
  }): Readonly<AntomPayment> | undefined;
  refunds(): ReadonlyArray<Readonly<AntomRefund>>;
  /** Every notifyPayment and notifyRefund, with each attempt and the merchant's answer. */
  notifications(): ReadonlyArray<Readonly<SentNotification>>;
  /**
   * Does what is due at the sandbox's `now`: closes payments past their 14 minutes and sends every
   * notification whose (re)send time has come. Also runs after every API request (the expiry
   * before it).
   */
  processDue(): Promise<void>;
}

export interface AntomEmulator {
  readonly router: Router;
  readonly state: AntomEmulatorState;
  /** Notifications on their way; `whenIdle` waits for them. */
  readonly background: ReadonlySet<Promise<unknown>>;
}

/**
 * The Antom emulator (spec/antom-au.md §12) as an Express router; `createSandbox` mounts it at
 * `/antom`:
 *
 * - `POST /ams/api/v1/payments/{pay,inquiryPayment,cancel,refund,inquiryRefund}`, or
 *   `/ams/sandbox/api/v1/...` for a `SANDBOX_` client ID
 * - `GET|POST /au/:sessionId/{login,code,confirm,cancel}` — the au screens (`normalUrl`)
 */
export function createAntomEmulator(
  input: AntomEmulatorOptions,
  host: EmulatorHost,
): AntomEmulator {
  const options = resolveAntomOptions(input, host);
  const ledger = new AntomLedger();
  const outbox = new NotificationOutbox(options);
  const sessions = new BuyerSessions();
  const ctx: PaymentResultContext = { options, ledger, outbox };
  const processDue = async () => {
    expireOverduePayments(ctx);
    await outbox.deliverDue();
  };

  const router = express.Router();
  router.use(sandboxHelmet());
  router.use(
    '/ams',
    signedApi({
      options,
      operations: {
        pay: (body, { baseUrl }) => pay({ ...ctx, sessions }, body, baseUrl),
        inquiryPayment: (body) => inquiryPayment(ctx, body),
        cancel: (body) => cancelPayment(ctx, body),
        refund: (body) => refund(ctx, body),
        inquiryRefund: (body) => inquiryRefund(ctx, body),
      },
      beforeOperation: () => expireOverduePayments(ctx),
      // Not awaited by the reply: a merchant that calls Antom from its notification handler
      // must not wait on itself.
      afterOperation: () => outbox.deliverDue(),
    }),
  );
  router.use(
    '/au/:sessionId',
    buyerScreens({
      sessions,
      ending: antomPurchaseEnding(ctx),
      now: options.now,
      formActionOrigins: options.formActionOrigins,
      // 14 minutes after the pay request, not SBPS's 4-minute rule (spec §10).
      deadline: (session) => antomPaymentExpiresAt(session.createdAt),
    }),
  );

  return {
    router,
    state: {
      payments: () => ledger.payments(),
      payment: (ids) => ledger.findPayment(ids),
      refunds: () => ledger.refunds(),
      notifications: () => outbox.list(),
      processDue,
    },
    background: outbox.background,
  };
}
