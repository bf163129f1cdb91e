import type { PurchaseEnding } from '../au/buyer-screens.js';
import type { BrowserReturn, BuyerSession } from '../au/buyer-sessions.js';
import type { FailureReason } from '../au/i18n/index.js';
import type { AntomPayment } from './antom-ledger.js';
import {
  EXPIRED_MESSAGE,
  expireOverduePayments,
  failPayment,
  type PaymentResultContext,
  succeedPayment,
} from './payment-results.js';

/**
 * Back to `paymentRedirectUrl`, unchanged and by GET, whatever the outcome: the merchant learns
 * the result from notifyPayment or inquiryPayment, never from the redirect (spec §4.2, §12).
 */
function redirect(
  payment: AntomPayment,
  kind: BrowserReturn['kind'],
  failure?: FailureReason,
): BrowserReturn {
  return {
    kind,
    action: payment.paymentRedirectUrl,
    fields: [],
    method: 'get',
    ...(failure ? { failure } : {}),
  };
}

/** How the Antom emulator ends the au screens, scenario by scenario (spec §9 codes). */
export function antomPurchaseEnding(ctx: PaymentResultContext): PurchaseEnding {
  const paymentOf = (session: BuyerSession): AntomPayment => {
    const payment = ctx.ledger.paymentBySession(session.id);
    if (!payment) throw new Error(`No Antom payment for au session ${session.id}`);
    return payment;
  };

  /** A payment already ended by the merchant's cancel or by expiry cannot be paid any more. */
  const closed = (payment: AntomPayment): BrowserReturn | undefined => {
    expireOverduePayments(ctx);
    if (payment.status === 'PROCESSING') return undefined;
    return redirect(payment, 'error', payment.status === 'FAIL' ? 'expired' : undefined);
  };

  const buyerCancel = async (session: BuyerSession): Promise<BrowserReturn> => {
    const payment = paymentOf(session);
    const ended = closed(payment);
    if (ended) return ended;
    failPayment(
      ctx,
      payment,
      'ORDER_IS_CLOSED',
      'The buyer cancelled the payment on the au screens.',
    );
    await ctx.outbox.deliverDue();
    return redirect(payment, 'cancel');
  };

  return {
    async confirm(session) {
      const payment = paymentOf(session);
      const ended = closed(payment);
      if (ended) return ended;
      const outcome = session.scenario?.outcome;
      if (outcome === 'cancel') return buyerCancel(session);
      if (outcome === 'limit') {
        failPayment(
          ctx,
          payment,
          'USER_AMOUNT_EXCEED_LIMIT',
          "The amount is above the buyer's au limit.",
        );
      } else if (outcome === 'restricted') {
        failPayment(ctx, payment, 'USER_STATUS_ABNORMAL', "The buyer's au ID is restricted.");
      } else {
        succeedPayment(ctx, payment, session.scenario);
      }
      // The first attempt goes out before the browser is sent back (a slow one later).
      await ctx.outbox.deliverDue();
      if (outcome === 'limit' || outcome === 'restricted')
        return redirect(payment, 'error', outcome);
      return redirect(payment, 'success');
    },
    cancel: buyerCancel,
    async timeOut(session) {
      const payment = paymentOf(session);
      if (payment.status === 'PROCESSING')
        failPayment(ctx, payment, 'ORDER_IS_CLOSED', EXPIRED_MESSAGE);
      await ctx.outbox.deliverDue();
      return redirect(payment, 'error', 'expired');
    },
  };
}
