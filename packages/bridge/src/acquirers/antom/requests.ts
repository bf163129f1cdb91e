import type { Layout } from '@au-pay/core';
import type { PaymentRecord } from '../../store/payment-store.js';

/** An Antom amount: JPY, the yen written as a string (spec/antom-au.md §2 "Field typing"). */
export function antomAmount(yen: number): { currency: 'JPY'; value: string } {
  return { currency: 'JPY', value: String(yen) };
}

/** The URLs Antom sends the buyer and its notifications to, under `PUBLIC_URL/antom`. */
export function antomNotifyUrl(callbackBaseUrl: string): string {
  return `${callbackBaseUrl}/notify`;
}

export function antomReturnUrl(callbackBaseUrl: string, paymentId: string): string {
  return `${callbackBaseUrl}/return/${encodeURIComponent(paymentId)}`;
}

/**
 * The pay request of a one-time au payment (spec §4.1). `paymentRequestId` is the payment id, so
 * every checkout of one payment is the same Antom payment: Antom answers a repeat with the same
 * content with that payment, and a buyer can never pay twice. Its content must therefore not change
 * between checkouts: `layout` is the first checkout's.
 */
export function buildPayRequest(input: {
  payment: PaymentRecord;
  layout: Layout;
  callbackBaseUrl: string;
  paymentMethodType: string;
}): Record<string, unknown> {
  const { payment, layout, callbackBaseUrl } = input;
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: payment.id,
    order: {
      referenceOrderId: payment.orderId,
      orderDescription: payment.itemName,
      orderAmount: antomAmount(payment.amount),
    },
    paymentAmount: antomAmount(payment.amount),
    paymentMethod: { paymentMethodType: input.paymentMethodType },
    paymentRedirectUrl: antomReturnUrl(callbackBaseUrl, payment.id),
    paymentNotifyUrl: antomNotifyUrl(callbackBaseUrl),
    settlementStrategy: { settlementCurrency: 'JPY' },
    // spec §4.1: WEB (desktop browser) or WAP (mobile browser), osType when not WEB. The bridge
    // knows the layout the widget chose, not the phone's system; au's screens are the same on both.
    env: layout === 'wap' ? { terminalType: 'WAP', osType: 'ANDROID' } : { terminalType: 'WEB' },
    // paymentExpiryTime is not sent: au's default 14 minutes applies (spec §10).
  };
}
