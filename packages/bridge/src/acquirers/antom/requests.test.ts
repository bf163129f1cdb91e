import { describe, expect, it } from 'vitest';
import type { PaymentRecord } from '../../store/payment-store.js';
import { buildPayRequest } from './requests.js';

const payment = {
  id: 'pay_0123456789abcdefghijkl',
  orderId: 'pay_0123456789abcdefghijkl',
  itemName: 'Ebook bundle',
  amount: 1980,
} as PaymentRecord;

describe('buildPayRequest', () => {
  it('builds CASHIER_PAYMENT with string amounts and the bridge URLs (spec §4.1)', () => {
    const base = 'https://pay.example.jp/antom';
    expect(
      buildPayRequest({ payment, layout: 'web', callbackBaseUrl: base, paymentMethodType: 'AU' }),
    ).toEqual({
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: payment.id,
      order: {
        referenceOrderId: payment.orderId,
        orderDescription: 'Ebook bundle',
        orderAmount: { currency: 'JPY', value: '1980' },
      },
      paymentAmount: { currency: 'JPY', value: '1980' },
      paymentMethod: { paymentMethodType: 'AU' },
      paymentRedirectUrl: `${base}/return/${payment.id}`,
      paymentNotifyUrl: `${base}/notify`,
      settlementStrategy: { settlementCurrency: 'JPY' },
      env: { terminalType: 'WEB' },
    });
  });

  it('sends WAP with an osType for the smartphone layout', () => {
    const body = buildPayRequest({
      payment,
      layout: 'wap',
      callbackBaseUrl: 'https://pay.example.jp/antom',
      paymentMethodType: 'AU',
    });
    expect(body.env).toEqual({ terminalType: 'WAP', osType: 'ANDROID' });
  });
});
