/**
 * Pending SBPS payments written straight to a store, and the signed A02-1 body (spec §5) of a
 * successful purchase for each: what `POST /sbps/notify` is measured with.
 */
import { formatSbpsDate } from '@au-pay/core';
import { encodeSbpsForm, signSbpsResult } from '@au-pay/core/sbps';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { openPaymentStore } from '../src/store/open-store.js';
import type { PaymentRecord } from '../src/store/payment-store.js';
import { newPublicId } from '../src/store/public-id.js';
import { testPayment } from '../src/testing/test-payment.js';

/** How many payments are written at once (PostgreSQL takes them in parallel). */
const WRITES_AT_ONCE = 16;

export async function seedNotifications(databaseUrl: string, count: number): Promise<string[]> {
  const store = openPaymentStore(databaseUrl);
  await store.migrate();
  const now = new Date();
  const date = formatSbpsDate(now);
  const bodies: string[] = [];
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = newPublicId('pay');
    writes.push(
      store.insertPayment(pendingPayment(id, i, now), { type: 'payment.created', data: {} }),
    );
    if (writes.length === WRITES_AT_ONCE) await Promise.all(writes.splice(0));
    // spec §5 field set of a successful au purchase.
    const fields: Record<string, string> = {
      pay_method: 'auone',
      merchant_id: SANDBOX_DEFAULTS.merchantId,
      service_id: SANDBOX_DEFAULTS.serviceId,
      cust_code: id,
      order_id: id,
      item_id: id,
      item_name: 'テスト商品',
      amount: '1100',
      pay_type: '0',
      service_type: '0',
      terminal_type: '0',
      request_date: date,
      res_pay_method: 'auone',
      res_result: 'OK',
      res_tracking_id: String(10_000_000_000_000 + i),
      res_payment_date: date,
      res_date: date,
      limit_second: '600',
    };
    const hash = signSbpsResult('notification', fields, SANDBOX_DEFAULTS.hashKey);
    bodies.push(encodeSbpsForm(Object.entries({ ...fields, sps_hashcode: hash })));
  }
  await Promise.all(writes);
  await store.close();
  return bodies;
}

/** A pending SBPS payment of ¥1,100 whose checkout was served (its order id is its id). */
function pendingPayment(id: string, index: number, now: Date): PaymentRecord {
  return testPayment({
    id,
    amount: 1100,
    merchantReference: `BENCH-${index}`,
    itemName: 'テスト商品',
    returnUrl: 'http://127.0.0.1/return',
    orderId: id,
    custCode: id,
    layout: 'web',
    checkoutCount: 1,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
    updatedAt: now,
    version: 0,
  });
}
