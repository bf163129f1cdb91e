import { randomInt } from 'node:crypto';
import { formatAntomTime } from './antom-time.js';

/** inquiryPayment's `paymentStatus` (spec/antom-au.md §6). */
export type AntomPaymentStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'CANCELLED';

/** One accepted pay request and what became of it. */
export interface AntomPayment {
  readonly paymentId: string;
  readonly paymentRequestId: string;
  /** The pay body in canonical form: a repeat with other content is refused (spec §4.1). */
  readonly fingerprint: string;
  readonly amount: number;
  readonly orderDescription: string;
  readonly paymentRedirectUrl: string;
  readonly paymentNotifyUrl: string | undefined;
  readonly terminalType: 'WEB' | 'WAP';
  readonly createdAt: Date;
  /** Where the buyer is sent (the au screens). */
  readonly normalUrl: string;
  readonly sessionId: string;
  status: AntomPaymentStatus;
  /** The payment's own code (`paymentResultCode`): SUCCESS, or why it failed. */
  resultCode: string;
  resultMessage: string;
  paidAt?: Date;
  cancelledAt?: Date;
}

/** One accepted refund (au: one, full, spec §8). */
export interface AntomRefund {
  readonly refundId: string;
  readonly refundRequestId: string;
  readonly paymentId: string;
  readonly fingerprint: string;
  readonly amount: number;
  readonly refundNotifyUrl: string | undefined;
  readonly refundedAt: Date;
}

/** Antom-shaped IDs (≤64): the Japan date, then digits. */
function newAntomId(now: Date, isTaken: (id: string) => boolean): string {
  const date = formatAntomTime(now).slice(0, 10).replace(/-/g, '');
  for (;;) {
    let id = `${date}1940108001`;
    while (id.length < 35) id += String(randomInt(0, 10));
    if (!isTaken(id)) return id;
  }
}

/** What the emulated Antom holds, in memory. */
export class AntomLedger {
  readonly #payments = new Map<string, AntomPayment>();
  readonly #paymentsByRequestId = new Map<string, AntomPayment>();
  readonly #refunds = new Map<string, AntomRefund>();
  readonly #refundsByRequestId = new Map<string, AntomRefund>();

  newPaymentId(now: Date): string {
    return newAntomId(now, (id) => this.#payments.has(id));
  }

  newRefundId(now: Date): string {
    return newAntomId(now, (id) => this.#refunds.has(id) || this.#payments.has(id));
  }

  addPayment(payment: AntomPayment): AntomPayment {
    this.#payments.set(payment.paymentId, payment);
    this.#paymentsByRequestId.set(payment.paymentRequestId, payment);
    return payment;
  }

  addRefund(refund: AntomRefund): AntomRefund {
    this.#refunds.set(refund.refundId, refund);
    this.#refundsByRequestId.set(refund.refundRequestId, refund);
    return refund;
  }

  /** By `paymentId`, which wins when both IDs are given (spec §6, §7). */
  findPayment(ids: { paymentId?: string; paymentRequestId?: string }): AntomPayment | undefined {
    if (ids.paymentId !== undefined) return this.#payments.get(ids.paymentId);
    if (ids.paymentRequestId !== undefined)
      return this.#paymentsByRequestId.get(ids.paymentRequestId);
    return undefined;
  }

  paymentBySession(sessionId: string): AntomPayment | undefined {
    for (const payment of this.#payments.values()) {
      if (payment.sessionId === sessionId) return payment;
    }
    return undefined;
  }

  findRefund(ids: { refundId?: string; refundRequestId?: string }): AntomRefund | undefined {
    if (ids.refundId !== undefined) return this.#refunds.get(ids.refundId);
    if (ids.refundRequestId !== undefined) return this.#refundsByRequestId.get(ids.refundRequestId);
    return undefined;
  }

  refundsOf(paymentId: string): AntomRefund[] {
    return [...this.#refunds.values()].filter((refund) => refund.paymentId === paymentId);
  }

  payments(): AntomPayment[] {
    return [...this.#payments.values()];
  }

  refunds(): AntomRefund[] {
    return [...this.#refunds.values()];
  }
}
