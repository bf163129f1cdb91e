import { newKsuid, newTrackId } from './identifiers.js';

/** NomuPay's statuses (spec/nomupay-au.md §7) that the au flow reaches. */
export type NomupayPaymentStatus =
  | 'pending'
  | 'approved'
  | 'partially_captured'
  | 'captured'
  | 'partially_cancelled'
  | 'cancelled'
  | 'partially_refunded'
  | 'refunded'
  | 'aborted';

export type NomupayOperationKind = 'capture' | 'cancel' | 'refund';

/** An operation is `pending` until processed, then carries the payment status it produced. */
export type NomupayOperationStatus =
  | 'pending'
  | 'captured'
  | 'partially_captured'
  | 'cancelled'
  | 'partially_cancelled'
  | 'refunded'
  | 'partially_refunded';

export interface NomupayReason {
  readonly code: string;
  readonly description: string;
}

/** One payment as the emulated NomuPay holds it; amounts in yen. */
export interface SandboxNomupayPayment {
  readonly id: string;
  readonly merchantReference: string;
  readonly amount: number;
  readonly returnUrl: string;
  readonly trackId: string;
  readonly createdAt: Date;
  /** `request_date` of the carrier step; the buyer's deadline counts from it. */
  readonly requestDate: Date;
  status: NomupayPaymentStatus;
  reason?: NomupayReason;
  updatedAt: Date;
  /** When NomuPay's SBPS reported the buyer's authorization (A02-1). */
  authorizedAt?: Date;
  capturedAt?: Date;
  /** SBPS's `res_tracking_id` for the purchase. */
  sbpsTrackingId?: string;
  /** Authorized, then reduced by a partial cancel. */
  authorizedAmount: number;
  capturedAmount: number;
  cancelledAmount: number;
  refundedAmount: number;
  /** The operations asked for, in order (each kind at most once: the single-partial rules). */
  readonly operations: string[];
}

/** A capture, cancel or refund (spec §6). */
export interface SandboxNomupayOperation {
  readonly id: string;
  readonly kind: NomupayOperationKind;
  readonly paymentId: string;
  readonly merchantReference?: string;
  readonly amount: number;
  /** Less than everything the operation could have taken. */
  readonly partial: boolean;
  readonly trackId: string;
  readonly createdAt: Date;
  status: NomupayOperationStatus;
  updatedAt: Date;
}

/** Payments and operations, by ID and by tracking ID. */
export class NomupayLedger {
  readonly #payments = new Map<string, SandboxNomupayPayment>();
  readonly #operations = new Map<string, SandboxNomupayOperation>();
  readonly #tracks = new Map<string, { kind: 'payment' | NomupayOperationKind; id: string }>();

  createPayment(
    input: Pick<
      SandboxNomupayPayment,
      'merchantReference' | 'amount' | 'returnUrl' | 'requestDate'
    >,
    now: Date,
  ): SandboxNomupayPayment {
    const payment: SandboxNomupayPayment = {
      ...input,
      ...this.#opening(now),
      reason: {
        code: 'required_next_step',
        description: 'An additional step is needed to complete the payment.',
      },
      authorizedAmount: 0,
      capturedAmount: 0,
      cancelledAmount: 0,
      refundedAmount: 0,
      operations: [],
    };
    this.#payments.set(payment.id, payment);
    this.#tracks.set(payment.trackId, { kind: 'payment', id: payment.id });
    return payment;
  }

  createOperation(
    input: Pick<
      SandboxNomupayOperation,
      'kind' | 'paymentId' | 'merchantReference' | 'amount' | 'partial'
    >,
    now: Date,
  ): SandboxNomupayOperation {
    const operation: SandboxNomupayOperation = {
      ...input,
      ...this.#opening(now),
    };
    this.#operations.set(operation.id, operation);
    this.#tracks.set(operation.trackId, { kind: operation.kind, id: operation.id });
    this.#payments.get(operation.paymentId)?.operations.push(operation.id);
    return operation;
  }

  payment(id: string): SandboxNomupayPayment | undefined {
    return this.#payments.get(id);
  }

  operation(id: string): SandboxNomupayOperation | undefined {
    return this.#operations.get(id);
  }

  payments(): SandboxNomupayPayment[] {
    return [...this.#payments.values()];
  }

  operationsOf(payment: SandboxNomupayPayment): SandboxNomupayOperation[] {
    return payment.operations
      .map((id) => this.#operations.get(id))
      .filter((operation) => operation !== undefined);
  }

  /** What a tracking path's last two segments name, e.g. `payments/Mjd5…`. */
  track(
    collection: string,
    trackId: string,
  ): SandboxNomupayPayment | SandboxNomupayOperation | undefined {
    const entry = this.#tracks.get(trackId);
    if (!entry || `${entry.kind}s` !== collection) return undefined;
    return entry.kind === 'payment' ? this.#payments.get(entry.id) : this.#operations.get(entry.id);
  }

  /** What a new payment and a new operation both start with: fresh IDs, `pending`, `now`. */
  #opening(now: Date) {
    return {
      id: this.#newId(),
      trackId: this.#newTrack(),
      createdAt: now,
      updatedAt: now,
      status: 'pending',
    } as const;
  }

  #newId(): string {
    for (;;) {
      const id = newKsuid();
      if (!this.#payments.has(id) && !this.#operations.has(id)) return id;
    }
  }

  #newTrack(): string {
    for (;;) {
      const id = newTrackId();
      if (!this.#tracks.has(id)) return id;
    }
  }
}
