import { checkoutFormSchema } from '@au-pay/core';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { parseBody } from '../http/body-refusal.js';
import { type PageMessage, sendNoticePage } from '../http/html.js';
import type { Logger } from '../logger.js';

/** What the widget posts to `POST /checkout/:id`: the client secret and the layout. */
export type CheckoutForm = z.infer<typeof checkoutFormSchema>;

/**
 * The form of `POST /checkout/:id`, read the same way for a payment and for a subscription. A
 * body that cannot be read, or a form that is not valid, gets the buyer's notice page titled
 * `notStarted` ("the payment / the subscription could not be started").
 */
export function checkoutFormReader(
  logger: Logger,
  notStarted: PageMessage,
): {
  parser: RequestHandler<{ id: string }>;
  read: (req: Request, res: Response) => CheckoutForm | null;
} {
  return {
    parser: parseBody<{ id: string }>(
      express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }),
      logger,
      (res, refused) =>
        sendNoticePage(res, refused.status, notStarted, {
          ja: `${refused.message_ja}ショップに戻って、もう一度お試しください。`,
          en: `${refused.message} Go back to the shop and try again.`,
        }),
    ),
    read: (req, res) => {
      const form = checkoutFormSchema.safeParse(req.body ?? {});
      if (form.success) return form.data;
      sendNoticePage(res, 400, notStarted, {
        ja: 'リクエストの内容が正しくありません。ショップに戻って、もう一度お試しください。',
        en: `The request is not valid (${form.error.issues[0]?.message ?? 'bad form'}). Go back to the shop and try again.`,
      });
      return null;
    },
  };
}
