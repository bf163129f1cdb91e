import { newTrackingId } from './identifiers.js';

/**
 * Whether a one-time purchase is settled by SBPS on its own (automated sales) or by the
 * merchant's ST02-00201-402 (specified sales). At SBPS this is a contract setting, not a field
 * (spec §4); recurring simple is always automated and fixed-term always specified (spec §14).
 */
export type SalesMode = 'automatic' | 'manual';

/** `pay_type` of A01-1: one-time, recurring simple, recurring fixed-term / pay-as-you-go. */
export type PayType = '0' | '1' | '2';

export type PurchaseState =
  | 'authorized'
  | 'captured'
  | 'partially_refunded'
  | 'refunded'
  | 'cancelled'
  | 'failed';

/** One payment as SBPS holds it; the XML API works on these. */
export interface SandboxPurchase {
  readonly trackingId: string;
  readonly orderId: string;
  readonly custCode: string;
  readonly itemId: string;
  readonly itemName: string;
  /** Authorized amount, JPY. */
  readonly amount: number;
  readonly payType: PayType;
  readonly salesMode: SalesMode;
  state: PurchaseState;
  /** The A02-1 was not answered `OK,`: SBPS holds the payment in an error state (spec §5). */
  inconsistent: boolean;
  /** Purchase request process date (the start of the 90-day settlement window). */
  readonly purchasedAt: Date;
  /** Settlement (sales) date; the refund windows count from it. */
  salesAt?: Date;
  capturedAmount: number;
  refundedTotal: number;
  cancelledAt?: Date;
  /** The contract this charge belongs to (recurring). */
  readonly contractTrackingId?: string;
}

export interface SandboxContract {
  readonly trackingId: string;
  readonly kind: 'simple' | 'fixed';
  readonly custCode: string;
  state: 'active' | 'cancelled';
  /** The fixed-term contract expires on the 365th day after this (spec §14). */
  lastPaymentAt: Date;
  /** The sign-up (A01-1 purchase or D01-1 application); monthly billing starts the month after. */
  readonly openedAt: Date;
  /** The latest cancellation; cleared by a re-application. */
  cancelledAt?: Date;
  /**
   * The fields of the request that opened it (A01-1 or D01-1, body order): SBPS echoes them in its
   * later notices to that request's `pagecon_url` (monthly failure, cancellation; spec §5).
   */
  readonly signUp: ReadonlyArray<readonly [string, string]>;
  /** Signed up with `monthfail@au.example`: every monthly billing after the first month fails. */
  readonly failsMonthlyBilling: boolean;
  /** The months (`yyyyMM`, Japan time) SBPS's monthly billing has run for: each once. */
  readonly billedMonths: Set<string>;
}

export type NewContract = Omit<SandboxContract, 'billedMonths' | 'cancelledAt' | 'state'>;

export type NewPurchase = Omit<
  SandboxPurchase,
  'trackingId' | 'capturedAmount' | 'refundedTotal' | 'inconsistent' | 'salesAt' | 'state'
> & { readonly trackingId?: string; readonly state: 'authorized' | 'captured' | 'failed' };

// A purchase that reached KDDI's authorization keeps its order_id: reusing it is refused.
const COMPLETED: ReadonlySet<PurchaseState> = new Set([
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'cancelled',
]);

/** SBPS's memory of purchases and recurring contracts, per sandbox instance. */
export class PurchaseLedger {
  readonly #byTrackingId = new Map<string, SandboxPurchase>();
  readonly #contracts = new Map<string, SandboxContract>();
  /** order_ids of completed requests that created no purchase (D01-1, link cancellations). */
  readonly #usedOrderIds = new Set<string>();

  /** A fresh 14-digit tracking ID, unique among purchases and contracts. */
  newTrackingId(): string {
    return newTrackingId((id) => this.#byTrackingId.has(id) || this.#contracts.has(id));
  }

  record(input: NewPurchase): SandboxPurchase {
    const trackingId = input.trackingId ?? this.newTrackingId();
    const purchase: SandboxPurchase = {
      ...input,
      trackingId,
      inconsistent: false,
      capturedAmount: input.state === 'captured' ? input.amount : 0,
      refundedTotal: 0,
      ...(input.state === 'captured' ? { salesAt: input.purchasedAt } : {}),
    };
    this.#byTrackingId.set(trackingId, purchase);
    return purchase;
  }

  purchase(trackingId: string): SandboxPurchase | undefined {
    return this.#byTrackingId.get(trackingId);
  }

  /** Every attempt for an order, oldest first. */
  purchasesForOrder(orderId: string): SandboxPurchase[] {
    return [...this.#byTrackingId.values()].filter((p) => p.orderId === orderId);
  }

  /** An order_id whose purchase completed (or is held inconsistent) cannot start again. */
  isOrderCompleted(orderId: string): boolean {
    return (
      this.#usedOrderIds.has(orderId) ||
      this.purchasesForOrder(orderId).some((p) => COMPLETED.has(p.state) || p.inconsistent)
    );
  }

  /** A request that completed without a purchase still uses up its order_id (spec §2). */
  useOrderId(orderId: string): void {
    this.#usedOrderIds.add(orderId);
  }

  list(): SandboxPurchase[] {
    return [...this.#byTrackingId.values()];
  }

  openContract(input: NewContract): SandboxContract {
    const contract: SandboxContract = { ...input, state: 'active', billedMonths: new Set() };
    this.#contracts.set(contract.trackingId, contract);
    return contract;
  }

  cancelContract(contract: SandboxContract, now: Date): void {
    contract.state = 'cancelled';
    contract.cancelledAt = now;
  }

  /** D01-1 `service_type=2` (spec §15 [A]): active again; the 365 days count from now. */
  reactivateContract(contract: SandboxContract, now: Date): void {
    contract.state = 'active';
    delete contract.cancelledAt;
    contract.lastPaymentAt = now;
  }

  contracts(): SandboxContract[] {
    return [...this.#contracts.values()];
  }

  contract(trackingId: string): SandboxContract | undefined {
    return this.#contracts.get(trackingId);
  }

  chargesOfContract(trackingId: string): SandboxPurchase[] {
    return this.list().filter((p) => p.contractTrackingId === trackingId);
  }
}
