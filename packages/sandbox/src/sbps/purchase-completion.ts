import { formatSbpsDate } from '@au-pay/core';
import {
  layOutSbpsFields,
  PURCHASE_RESULT_FIELDS,
  type SbpsFieldPairs,
  signSbpsResult,
} from '@au-pay/core/sbps';
import type { PurchaseEnding } from '../au/buyer-screens.js';
import type { BrowserReturn, BuyerSession } from '../au/buyer-sessions.js';
import type { ResolvedSbpsOptions } from './options.js';
import type { PayType, PurchaseLedger, SalesMode, SandboxPurchase } from './purchase-ledger.js';
import { DEFAULT_LIMIT_SECOND } from './purchase-request.js';
import { postResultNotification } from './result-notification.js';

/** Everything the end of a buyer session needs. */
export interface CompletionContext {
  readonly options: ResolvedSbpsOptions;
  readonly ledger: PurchaseLedger;
  /** Notifications still running (slow scenario); `whenIdle` waits for them. */
  readonly background: Set<Promise<unknown>>;
}

// Rows of the result message that SBPS fills in (spec §5 rows 34–43); the rest echo A01-1.
const RESULT_ONLY = new Set([
  'res_pay_method',
  'res_result',
  'res_tracking_id',
  'res_sps_cust_no',
  'res_sps_payment_no',
  'res_payinfo_key',
  'res_payment_date',
  'res_err_code',
  'res_date',
  'limit_second',
  'sps_hashcode',
]);

interface ResultValues {
  readonly result: 'OK' | 'NG';
  readonly trackingId: string;
  readonly paymentDate: string;
  readonly errCode: string;
  readonly date: string;
}

/**
 * The A02-1 / A03-1 field set, rows 1–43 in spec order (spec §5): the A01-1 values echoed (URLs
 * and `free_csv` are not part of it), then SBPS's result. Without `sps_hashcode`.
 */
export function resultFields(session: BuyerSession, result: ResultValues): Array<[string, string]> {
  const echoed = (session.pairs as SbpsFieldPairs).filter(([name]) => !RESULT_ONLY.has(name));
  return layOutSbpsFields(PURCHASE_RESULT_FIELDS, [
    ...echoed,
    ['res_pay_method', 'auone'],
    ['res_result', result.result],
    ['res_tracking_id', result.trackingId],
    ['res_sps_cust_no', ''],
    ['res_sps_payment_no', ''],
    ['res_payinfo_key', ''],
    ['res_payment_date', result.paymentDate],
    ['res_err_code', result.errCode],
    ['res_date', result.date],
    ['limit_second', session.request.limit_second || String(DEFAULT_LIMIT_SECOND)],
  ]);
}

function signed(
  kind: 'notification' | 'return',
  fields: Array<[string, string]>,
  hashKey: string,
): Array<[string, string]> {
  return [...fields, ['sps_hashcode', signSbpsResult(kind, fields, hashKey)]];
}

/** Recurring simple is automated sales only, fixed-term specified only (spec §14). */
async function salesModeOf(ctx: CompletionContext, session: BuyerSession): Promise<SalesMode> {
  const payType = session.request.pay_type;
  if (payType === '1') return 'automatic';
  if (payType === '2') return 'manual';
  return ctx.options.salesModeFor({
    orderId: session.orderId,
    amount: Number(session.request.amount),
  });
}

function recordPurchase(
  ctx: CompletionContext,
  session: BuyerSession,
  state: 'authorized' | 'failed',
  now: Date,
  salesMode: SalesMode = 'manual',
): SandboxPurchase {
  const request = session.request;
  const payType = (request.pay_type ?? '0') as PayType;
  const amount = Number(request.amount);
  const orderId = session.orderId;
  const trackingId = ctx.ledger.newTrackingId();
  const isContract = state !== 'failed' && (payType === '1' || payType === '2');
  if (isContract) {
    ctx.ledger.openContract({
      trackingId,
      kind: payType === '1' ? 'simple' : 'fixed',
      custCode: request.cust_code ?? '',
      state: 'active',
      lastPaymentAt: now,
    });
  }
  return ctx.ledger.record({
    trackingId,
    orderId,
    custCode: request.cust_code ?? '',
    itemId: request.item_id ?? '',
    itemName: request.item_name ?? '',
    amount,
    payType,
    salesMode,
    state: state === 'failed' ? 'failed' : salesMode === 'automatic' ? 'captured' : 'authorized',
    purchasedAt: now,
    ...(isContract ? { contractTrackingId: trackingId } : {}),
  });
}

function browserReturn(
  ctx: CompletionContext,
  session: BuyerSession,
  kind: BrowserReturn['kind'],
  fields: Array<[string, string]>,
  failure?: BrowserReturn['failure'],
): BrowserReturn {
  const request = session.request;
  const action =
    kind === 'success'
      ? request.success_url
      : kind === 'cancel'
        ? request.cancel_url
        : request.error_url;
  // success_url and cancel_url get the A03-1 hash (Shift_JIS, lowercase); error_url is reported
  // to carry none (spec §6), unless the sandbox is told otherwise.
  const withHash = kind !== 'error' || ctx.options.signErrorReturn;
  return {
    kind,
    action: action ?? '',
    fields: withHash ? signed('return', fields, ctx.options.hashKey) : fields,
    ...(failure ? { failure } : {}),
  };
}

/** A01-1 `pay_type=1` + `service_type=1`: the buyer ends a recurring-simple contract (spec §4). */
export function isContractCancellation(request: Readonly<Record<string, string>>): boolean {
  return request.pay_type === '1' && request.service_type === '1';
}

/** How the SBPS emulator ends the au screens, scenario by scenario. */
export function sbpsPurchaseEnding(ctx: CompletionContext): PurchaseEnding {
  return {
    confirm: async (session) => {
      switch (session.scenario?.outcome) {
        case 'cancel':
          return cancelPurchase(ctx, session);
        case 'limit':
        case 'restricted':
          // Nothing is charged when a contract is cancelled, so these behave like success.
          if (session.purchase.endsContract) return cancelContractByLink(ctx, session);
          return failPurchase(ctx, session, session.scenario.outcome);
        default:
          return session.purchase.endsContract
            ? cancelContractByLink(ctx, session)
            : authorizePurchase(ctx, session);
      }
    },
    cancel: (session) => cancelPurchase(ctx, session),
    timeOut: (session) => failPurchase(ctx, session, 'timeout'),
  };
}

/** The tracking ID of an attempt that ends without a payment (recorded as `failed`). */
function endedAttemptTrackingId(ctx: CompletionContext, session: BuyerSession, now: Date): string {
  if (session.purchase.endsContract) return session.request.tracking_id ?? '';
  return recordPurchase(ctx, session, 'failed', now).trackingId;
}

/** The buyer pressed cancel (or typed `cancel@au.example`): back to cancel_url, no A02-1. */
function cancelPurchase(ctx: CompletionContext, session: BuyerSession): BrowserReturn {
  const now = ctx.options.now();
  const fields = resultFields(session, {
    result: 'NG',
    trackingId: endedAttemptTrackingId(ctx, session, now),
    paymentDate: '',
    errCode: '',
    date: formatSbpsDate(now),
  });
  return browserReturn(ctx, session, 'cancel', fields);
}

/** A buyer-side failure (limit, restriction, 4-minute rule): error_url with NG, no A02-1. */
function failPurchase(
  ctx: CompletionContext,
  session: BuyerSession,
  failure: 'limit' | 'restricted' | 'timeout',
): BrowserReturn {
  const now = ctx.options.now();
  const fields = resultFields(session, {
    result: 'NG',
    trackingId: endedAttemptTrackingId(ctx, session, now),
    paymentDate: '',
    errCode: ctx.options.errorCodes[failure],
    date: formatSbpsDate(now),
  });
  return browserReturn(ctx, session, 'error', fields, failure);
}

/**
 * KDDI authorized the payment: SBPS records it, then reports it (see `reportSuccess`). A failed
 * report leaves the purchase inconsistent: SBPS holds it until corrected (spec §5).
 */
async function authorizePurchase(
  ctx: CompletionContext,
  session: BuyerSession,
): Promise<BrowserReturn> {
  const salesMode = await salesModeOf(ctx, session);
  const now = ctx.options.now();
  const purchase = recordPurchase(ctx, session, 'authorized', now, salesMode);
  return reportSuccess(ctx, session, purchase.trackingId, now, () => {
    purchase.inconsistent = true;
  });
}

/**
 * Recurring-simple cancellation through the link (A01-1 `pay_type=1`, `service_type=1`, spec §4,
 * §15): the contract ends and SBPS sends its cancellation notice through the same A02-1 CGI, with
 * `res_result=OK` and the contract's tracking ID (spec §17.17 [A]).
 */
async function cancelContractByLink(
  ctx: CompletionContext,
  session: BuyerSession,
): Promise<BrowserReturn> {
  const contract = ctx.ledger.contract(session.request.tracking_id ?? '');
  const now = ctx.options.now();
  if (contract) contract.state = 'cancelled';
  return reportSuccess(ctx, session, session.request.tracking_id ?? '', now, () => {});
}

/**
 * Notifies `pagecon_url` (A02-1, UTF-8 hash in UPPERCASE) and insists on `OK,`; only then is the
 * browser sent to `success_url` (A03-1). Anything else calls `onUnanswered` and sends the buyer to
 * `error_url` (spec §5). The scenario shapes the notification: sent with a wrong hash (`ng@`),
 * twice (`duplicate@`) or after the browser has gone back (`slow@`).
 */
async function reportSuccess(
  ctx: CompletionContext,
  session: BuyerSession,
  trackingId: string,
  processedAt: Date,
  onUnanswered: () => void,
): Promise<BrowserReturn> {
  const { options } = ctx;
  const paymentDate = formatSbpsDate(processedAt);
  const outcome = session.scenario?.outcome ?? 'success';
  // The A02-1 and the A03-1 carry the same result; `date` is when each is sent.
  const fieldsNow = (result: 'OK' | 'NG', errCode: string) =>
    resultFields(session, {
      result,
      trackingId,
      paymentDate,
      errCode,
      date: formatSbpsDate(options.now()),
    });

  const notify = async (): Promise<boolean> => {
    const fields = fieldsNow('OK', '');
    // ng@au.example: signed with a key that is not the merchant's, so a merchant that verifies
    // answers NG.
    const key =
      outcome === 'notification_ng' ? `${options.hashKey}:sandbox-wrong-key` : options.hashKey;
    const pairs = signed('notification', fields, key);
    const times = outcome === 'duplicate' ? 2 : 1;
    for (let attempt = 1; attempt <= times; attempt += 1) {
      const answer = await postResultNotification({
        url: session.request.pagecon_url ?? '',
        pairs,
        fetch: options.fetch,
        timeoutMs: options.notificationTimeoutMs,
        strict: options.strictAnswer,
      });
      const log = { orderId: session.orderId, trackingId, attempt, ...answer };
      if (!answer.accepted) {
        onUnanswered();
        options.logger.warn(
          log,
          'A02-1 not answered OK,: the purchase is now inconsistent (spec §5)',
        );
        return false;
      }
      if (outcome === 'notification_ng') {
        options.logger.error(
          log,
          'The merchant answered OK, to an A02-1 with a wrong sps_hashcode: it must verify the hash (UTF-8) and answer NG,',
        );
      } else {
        options.logger.info(log, 'A02-1 answered OK,');
      }
    }
    return true;
  };

  const successFields = fieldsNow('OK', '');

  if (outcome === 'slow') {
    const delayed = new Promise<void>((resolve) => {
      setTimeout(resolve, options.slowNotificationDelayMs);
    }).then(notify);
    ctx.background.add(delayed);
    void delayed.finally(() => ctx.background.delete(delayed));
    return browserReturn(ctx, session, 'success', successFields);
  }

  if (await notify()) return browserReturn(ctx, session, 'success', successFields);
  const errorFields = fieldsNow('NG', options.errorCodes.notification);
  return browserReturn(ctx, session, 'error', errorFields, 'notification');
}
