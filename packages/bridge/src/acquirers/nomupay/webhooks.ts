import { verifyNomupayMessage } from '@au-pay/core/nomupay';
import type { Router } from 'express';
import { rawBody } from '../../http/body-readers.js';
import { parseBody } from '../../http/body-refusal.js';
import type { AcquirerHost } from '../acquirer.js';
import type { NomupayConfig } from './config.js';
import { applyNomupayReading, type CaptureApproved, readNomupayPayment } from './payment-result.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `POST /nomupay/webhooks` (spec/nomupay-au.md §10): the HS256 `X-Signature` (any of several
 * headers, `aud` = this URL as registered) is verified on the raw bytes before anything is read;
 * a bad one is `400` and changes nothing. A `payment` webhook is applied through the neutral
 * `applyVerifiedResult`, its `id` recorded with what it changes (spec §10: "de-duplicate on it"):
 * the same `id` again (NomuPay retries until a 2xx) is acknowledged and applied zero times. Another
 * webhook saying what the payment already knows, or a status arriving out of order, changes
 * nothing either (a payment never moves backwards). Capture, cancel and refund webhooks are
 * acknowledged: the operation's outcome is read from its tracking URL by the call itself or by
 * `inquire` (spec §8).
 */
export function nomupayWebhookRoute(
  router: Router,
  host: AcquirerHost,
  config: NomupayConfig,
  captureApproved: CaptureApproved,
): void {
  const { logger } = host;
  router.post(
    '/webhooks',
    parseBody(rawBody(host.formBodyLimit), logger, (res, refused) => {
      res.status(refused.status).end();
    }),
    async (req, res) => {
      const raw = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
      const verified = verifyNomupayMessage({
        signatureHeader: req.headersDistinct['x-signature'],
        body: raw,
        hmacKey: config.hmacKey,
        now: host.now(),
        audience: config.webhookUrl,
      });
      if (!verified.ok) {
        logger.warn({ reason: verified.reason }, 'nomupay webhook refused: signature');
        res.status(400).end();
        return;
      }
      let envelope: unknown;
      try {
        envelope = JSON.parse(raw.toString('utf8'));
      } catch {
        envelope = undefined;
      }
      if (!isRecord(envelope) || typeof envelope.id !== 'string' || !isRecord(envelope.payload)) {
        logger.warn('nomupay webhook refused: not an envelope { id, type, payload }');
        res.status(400).end();
        return;
      }
      const webhookId = envelope.id;
      if (await host.store.hasAcquirerNotification({ acquirer: 'nomupay', id: webhookId })) {
        logger.info({ webhookId }, 'nomupay webhook applied already: acknowledged again');
        res.status(204).end();
        return;
      }
      const type = String(envelope.type ?? '').toLowerCase();
      const payload = envelope.payload;
      if (type !== 'payment') {
        logger.info({ webhookId: envelope.id, type, status: payload.status }, 'nomupay webhook');
        res.status(204).end();
        return;
      }
      // merchantReference is the bridge's payment id (connector.ts, create payment).
      const reference =
        typeof payload.merchantReference === 'string' ? payload.merchantReference : '';
      const payment = reference === '' ? null : await host.store.getPayment(reference);
      if (payment?.acquirer !== 'nomupay') {
        // Signed by NomuPay but not ours to apply: acknowledged, or NomuPay retries it for 4 days.
        logger.warn(
          { webhookId: envelope.id, reference },
          'nomupay webhook for no payment of ours',
        );
        res.status(204).end();
        return;
      }
      try {
        const reading = readNomupayPayment(payload, payment.amount, 'webhook');
        await applyNomupayReading(
          host,
          payment,
          reading.kind === 'result'
            ? { ...reading, result: { ...reading.result, notificationId: webhookId } }
            : reading,
          captureApproved,
        );
      } catch (error) {
        // Not applied: a non-2xx makes NomuPay send it again (spec §10).
        logger.error({ paymentId: payment.id, err: error }, 'nomupay webhook not applied');
        res.status(500).end();
        return;
      }
      res.status(204).end();
    },
  );
}
