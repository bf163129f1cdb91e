import { verifyWebhook, WebhookVerificationError } from '@au-pay/bridge';
import express, { type Router } from 'express';
import type { ShopContext } from '../shop-context.js';

/** Where the bridge's webhooks arrive (`WEBHOOK_URL`). */
export const WEBHOOK_PATH = '/webhooks/au-pay';

/**
 * The shop's webhook endpoint, as a merchant would write it: the RAW body (a parsed and
 * re-serialised body has other bytes and fails the signature), verified with the bridge's
 * `verifyWebhook`, de-duplicated by event id, answered 2xx quickly.
 */
export function webhookRoutes(shop: ShopContext): Router {
  const router = express.Router();

  router.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
    if (!shop.webhookSecret) {
      res.status(404).json({ error: { code: 'webhooks_off', message: 'No WEBHOOK_SECRET set.' } });
      return;
    }
    const body: unknown = req.body;
    const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    let event: ReturnType<typeof verifyWebhook>;
    try {
      event = verifyWebhook(raw, req.headers['aupay-signature'], shop.webhookSecret, {
        now: shop.now(),
      });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        shop.logger.warn(
          { code: error.code, reason: error.message, ip: req.ip },
          'webhook refused: bad signature',
        );
        res.status(400).json({ error: { code: error.code, message: error.message } });
        return;
      }
      // A signed body that is not JSON: nothing the bridge would send.
      shop.logger.warn({ err: error }, 'webhook refused: unreadable payload');
      res.status(400).json({ error: { code: 'invalid_payload', message: 'Unreadable payload.' } });
      return;
    }

    const fresh = shop.inbox.record(event, shop.now());
    shop.logger.info(
      { eventId: event.id, type: event.type, duplicate: !fresh },
      fresh ? 'webhook received' : 'webhook received again (duplicate ignored)',
    );
    res.status(200).json({ received: true, duplicate: !fresh });
  });

  return router;
}
