import type { BridgeContext } from '../bridge-context.js';
import { ApiError } from '../http/api-error.js';
import type { ApiAnswer } from './idempotency.js';
import { paymentNotFound } from './money-operations.js';
import { settleOpenOperation } from './open-operations.js';
import { paymentBusy, underOperationLock } from './operation-lock.js';
import { paymentView } from './payment-view.js';

/**
 * `POST /v1/payments/:id/resolve`: the merchant checked the acquirer's admin tool and says whether
 * the payment's open operation was applied. Settled exactly as an inquiry answer would be
 * (`settleOpenOperation`), under the same lock as money operations.
 *
 * Throws `ApiError` when nothing changed; returns the payment view once the operation is settled.
 */
export async function resolveOpenOperation(
  context: BridgeContext,
  paymentId: string,
  applied: boolean,
): Promise<ApiAnswer> {
  const locked = await underOperationLock(context, paymentId, async () => {
    const payment = await context.store.getPayment(paymentId);
    if (!payment) throw paymentNotFound(paymentId);
    const operation = payment.openOperation;
    if (!operation) {
      throw new ApiError(
        409,
        'no_open_operation',
        'This payment has no capture, cancel or refund whose outcome is unknown: there is nothing to resolve.',
        {
          message_ja:
            'この決済には結果が不明な売上確定・取消・返金がないため、確定する処理はありません。',
        },
      );
    }
    const settled = await settleOpenOperation(context, payment, operation, applied, 'merchant');
    return { status: 200, body: paymentView(settled) };
  });
  if (!locked.ran) throw paymentBusy();
  return locked.value;
}
