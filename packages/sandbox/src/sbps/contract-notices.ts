import { formatSbpsDate } from '@au-pay/core';
import type { ResolvedSbpsOptions } from './options.js';
import type { SandboxContract } from './purchase-ledger.js';
import { resultFields, signed } from './result-fields.js';
import { type NotificationAnswer, postResultNotification } from './result-notification.js';

/**
 * What SBPS tells a merchant about a contract outside a buyer's visit, through the A02-1 CGI
 * (spec §5): a failed monthly billing of a recurring-simple contract, and its cancellation.
 */
export type ContractNoticeKind = 'monthly_failure' | 'cancellation';

/** `res_err_code` of a failed monthly billing: SBPS publishes none (spec §17 item 6) [A]. */
export const MONTHLY_FAILURE_ERR_CODE = 'K201';

export interface SentContractNotice {
  readonly kind: ContractNoticeKind;
  readonly contractTrackingId: string;
  /** The billing month (`yyyyMM`) of a monthly failure. */
  readonly month?: string;
  /** The contract's `pagecon_url`. */
  readonly url: string;
  /** The A02-1 as posted, `sps_hashcode` last. */
  readonly fields: ReadonlyArray<readonly [string, string]>;
  /**
   * The merchant's answer, once it came. Anything but `OK,` is not resent: SBPS reports failed
   * asynchronous notifications by e-mail and in its portal (spec §5).
   */
  answer?: NotificationAnswer;
}

export interface ContractNoticeInput {
  readonly kind: ContractNoticeKind;
  readonly contract: SandboxContract;
  /** A monthly failure: the billing instant (00:00 JST on the 1st) and its month. */
  readonly billing?: { readonly at: Date; readonly month: string };
}

/**
 * The notice's fields: the contract's sign-up rows echoed (same `order_id`, `amount`,
 * `pay_type=1`), `res_tracking_id` = the contract. A monthly failure keeps `service_type=0` and
 * reports `res_result=NG`, `res_payment_date` = the billing instant and `res_err_code`; a
 * cancellation says `service_type=1` with the contract in `tracking_id`, as the link's
 * cancellation request does, and `res_result=OK` (spec §17 item 17 [A]).
 */
export function contractNoticeFields(
  input: ContractNoticeInput,
  now: Date,
): Array<[string, string]> {
  const { contract } = input;
  const failure = input.kind === 'monthly_failure';
  const billedAt = input.billing?.at ?? now;
  return resultFields(
    contract.signUp,
    {
      result: failure ? 'NG' : 'OK',
      trackingId: contract.trackingId,
      paymentDate: formatSbpsDate(failure ? billedAt : now),
      errCode: failure ? MONTHLY_FAILURE_ERR_CODE : '',
      date: formatSbpsDate(now),
    },
    failure ? {} : { changes: { service_type: '1', tracking_id: contract.trackingId } },
  );
}

/** The contract's `pagecon_url`: where its sign-up's result went. */
export function contractPageconUrl(contract: SandboxContract): string {
  return contract.signUp.find(([name]) => name === 'pagecon_url')?.[1] ?? '';
}

/** SBPS's notices about contracts, each posted once and kept with the merchant's answer. */
export class ContractNotices {
  readonly #sent: SentContractNotice[] = [];

  constructor(
    private readonly options: ResolvedSbpsOptions,
    private readonly background: Set<Promise<unknown>>,
  ) {}

  list(): ReadonlyArray<Readonly<SentContractNotice>> {
    return this.#sent;
  }

  /** Records the notice at once (so a second run finds it), then posts it and keeps the answer. */
  send(input: ContractNoticeInput): Promise<void> {
    const { options } = this;
    const notice: SentContractNotice = {
      kind: input.kind,
      contractTrackingId: input.contract.trackingId,
      ...(input.billing ? { month: input.billing.month } : {}),
      url: contractPageconUrl(input.contract),
      fields: signed('notification', contractNoticeFields(input, options.now()), options.hashKey),
    };
    this.#sent.push(notice);
    const delivery = postResultNotification({
      url: notice.url,
      pairs: notice.fields,
      fetch: options.fetch,
      timeoutMs: options.notificationTimeoutMs,
      strict: options.strictAnswer,
    }).then((answer) => {
      notice.answer = answer;
      const log = { kind: notice.kind, trackingId: notice.contractTrackingId, ...answer };
      if (answer.accepted) options.logger.info(log, 'Contract notice answered OK,');
      else {
        options.logger.warn(
          log,
          'Contract notice not answered OK,: SBPS would e-mail the merchant, it does not resend (spec §5)',
        );
      }
    });
    this.background.add(delivery);
    void delivery.finally(() => this.background.delete(delivery));
    return delivery;
  }
}
