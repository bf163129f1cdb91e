import { describe, expect, it } from 'vitest';
import { createSandbox } from '../sandbox.js';
import { NOMUPAY_HMAC_KEY, NomupayTestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';
import { WEBHOOK_RETRY_WAITS_MS } from './webhook-outbox.js';

// spec/nomupay-au.md §10: a webhook not answered with a 2xx is retried after 2, 5, 8, 15, 30 min,
// 1, 2, 4 h, then every 8 h (21 retries), time-compressed (÷60 by default) and driven by the
// sandbox clock through deliverDue().

let shop: NomupayTestMerchant;
merchantForEachTest(NomupayTestMerchant.start, (merchant) => {
  shop = merchant;
});

describe('webhook retries', () => {
  it('retries a webhook the merchant failed, when the clock reaches the next attempt, with the same id', async () => {
    let status = 500;
    shop.webhookStatus = () => status;
    const id = await shop.paidPayment();
    const nomupay = shop.sandbox.nomupay;
    const [webhook] = nomupay?.webhooks() ?? [];
    expect(webhook).toMatchObject({ state: 'due', attempts: [{ status: 500 }] });
    expect(webhook?.nextAttemptAt).toEqual(new Date(shop.now.getTime() + 2_000));

    // Not due yet: nothing is sent.
    shop.advance(1_999);
    expect(await nomupay?.deliverDue()).toBe(0);
    expect(shop.webhooks).toHaveLength(1);

    status = 204;
    shop.advance(1);
    expect(await nomupay?.deliverDue()).toBe(1);
    expect(shop.webhooks).toHaveLength(2);
    const [failed, retried] = shop.webhooks;
    expect(retried?.verification.ok).toBe(true);
    expect(retried?.body).toBe(failed?.body);
    expect(retried?.envelope).toMatchObject({
      type: 'payment',
      payload: { id, status: 'approved' },
    });
    expect(webhook?.state).toBe('delivered');
    // Delivered: nothing more is due.
    shop.advance(24 * 60 * 60_000);
    expect(await nomupay?.deliverDue()).toBe(0);
  });

  it('follows the schedule of §10 and drops the webhook after its 21st retry', async () => {
    shop.webhookStatus = () => 503;
    await shop.paidPayment();
    const nomupay = shop.sandbox.nomupay;
    const [webhook] = nomupay?.webhooks() ?? [];
    for (const wait of WEBHOOK_RETRY_WAITS_MS) {
      const due = webhook?.nextAttemptAt?.getTime() ?? 0;
      expect(due - shop.now.getTime()).toBe(wait / 60);
      shop.now = new Date(due);
      expect(await nomupay?.deliverDue()).toBe(1);
    }
    expect(webhook?.attempts).toHaveLength(22);
    expect(webhook?.state).toBe('dropped');
    shop.advance(24 * 60 * 60_000);
    expect(await nomupay?.deliverDue()).toBe(0);
  });
});

describe('the webhook URL', () => {
  it('must be on an origin of notificationOrigins: the sandbox refuses to start otherwise', () => {
    expect(() =>
      createSandbox({
        notificationOrigins: ['http://127.0.0.1:3000'],
        nomupay: {
          processingAccountId: '2HdN2jq6XWmlkhqRC2gDTNYCvNH',
          keys: { '2J0bq9WcP3xQk7LmN4vRt8sYz1D': 'unused' },
          hmacKey: NOMUPAY_HMAC_KEY,
          webhookUrl: 'http://169.254.169.254/latest/meta-data',
        },
      }),
    ).toThrow(/not one of notificationOrigins/);
  });
});
