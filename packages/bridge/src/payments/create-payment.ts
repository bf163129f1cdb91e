import type { CreatePaymentRequest } from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import { hashClientSecret } from '../http/secret-compare.js';
import type { PaymentRecord } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';
import { pooledRandomBytes } from '../store/random-pool.js';

export interface CreatedPayment {
  payment: PaymentRecord;
  /** Returned to the merchant once; only its SHA-256 is stored. */
  clientSecret: string;
}

/** Stores a new pending payment for a validated request (amount, origin and text already checked). */
export async function createPayment(
  context: BridgeContext,
  request: CreatePaymentRequest,
): Promise<CreatedPayment> {
  const now = context.now();
  const id = newPublicId('pay');
  // `<id>_secret_<32 random bytes>`, like Stripe's: recognisable in a support ticket, unguessable.
  const clientSecret = `${id}_secret_${pooledRandomBytes(32).toString('base64url')}`;
  const payment: PaymentRecord = {
    id,
    acquirer: request.acquirer,
    status: 'pending',
    currency: 'JPY',
    amount: request.amount,
    capturedAmount: 0,
    refundedAmount: 0,
    cancelledAmount: 0,
    captureMode: request.captureMode,
    merchantReference: request.merchantReference,
    itemName: request.itemName,
    returnUrl: request.returnUrl,
    clientSecretHash: hashClientSecret(clientSecret),
    // The payment id doubles as SBPS order_id (26 type-X characters, ≤ 38): unique for ever, so a
    // merchant reusing a reference for a new attempt never collides at SBPS.
    orderId: id,
    custCode: request.customerId ?? id,
    acquirerReference: null,
    paidResultId: null,
    layout: null,
    checkoutCount: 0,
    partialCaptureCount: 0,
    refundCount: 0,
    flags: [],
    openOperation: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + context.settings.checkoutWindowMs),
    authorizedAt: null,
    capturedAt: null,
    purchaseRequestedAt: null,
    settleBy: null,
    updatedAt: now,
    version: 0,
  };
  const stored = await context.store.insertPayment(payment, {
    type: 'payment.created',
    data: {
      amount: payment.amount,
      captureMode: payment.captureMode,
      merchantReference: payment.merchantReference,
    },
  });
  context.logger.info(
    { paymentId: id, amount: payment.amount, captureMode: payment.captureMode },
    'payment created',
  );
  return { payment: stored, clientSecret };
}
