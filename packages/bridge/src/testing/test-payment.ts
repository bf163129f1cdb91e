import type { PaymentRecord } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';

// Milliseconds on purpose: the stores must keep instants exactly.
export const TEST_PAYMENT_TIME = new Date('2026-04-01T09:15:30.123Z');

/** A pending payment with fresh ids, for tests of anything that stores payments. */
export function testPayment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  const id = newPublicId('pay');
  return {
    id,
    acquirer: 'sbps',
    status: 'pending',
    currency: 'JPY',
    amount: 1980,
    capturedAmount: 0,
    refundedAmount: 0,
    cancelledAmount: 0,
    captureMode: 'automatic',
    merchantReference: 'order-1001',
    itemName: 'コーヒー豆 200g',
    returnUrl: 'https://shop.example/thanks',
    clientSecretHash: 'c'.repeat(64),
    orderId: newPublicId('ord'),
    custCode: id,
    acquirerReference: null,
    paidResultId: null,
    layout: null,
    checkoutCount: 0,
    partialCaptureCount: 0,
    refundCount: 0,
    flags: [],
    openOperation: null,
    createdAt: TEST_PAYMENT_TIME,
    expiresAt: new Date(TEST_PAYMENT_TIME.getTime() + 30 * 60_000),
    authorizedAt: null,
    capturedAt: null,
    purchaseRequestedAt: null,
    settleBy: null,
    updatedAt: TEST_PAYMENT_TIME,
    version: 1,
    ...overrides,
  };
}
