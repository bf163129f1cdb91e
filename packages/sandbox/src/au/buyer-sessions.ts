import type { Layout } from './device-layout.js';
import type { FailureReason, Lang } from './i18n/index.js';
import { newSessionId, newVerificationCode } from './identifiers.js';
import type { Scenario } from './scenarios.js';

export type SessionStep = 'login' | 'code' | 'confirm' | 'ended';

/** What the buyer's browser is shown when the au screens end: an auto-post back to the shop. */
export interface BrowserReturn {
  readonly kind: 'success' | 'cancel' | 'error';
  readonly action: string;
  readonly fields: readonly (readonly [string, string])[];
  readonly failure?: FailureReason;
  /**
   * `post` (default): an auto-posted form carries `fields` (SBPS's A03-1). `get`: the browser is
   * sent to `action` unchanged and `fields` is empty (Antom's `paymentRedirectUrl`).
   */
  readonly method?: 'post' | 'get';
}

/**
 * What the buyer agrees to when it is more than one payment (spec/sbps-au.md §4 tabs `pay_type`
 * 1 and 2, §7): a monthly subscription, an on-demand contract (with its first charge, if any), or
 * the end of a contract.
 */
export type Agreement =
  | { readonly kind: 'monthly'; readonly amount: number }
  | { readonly kind: 'on_demand'; readonly firstCharge?: number }
  | { readonly kind: 'cancellation'; readonly contract: 'monthly' | 'on_demand' };

/** What the au screens show of the purchase. */
export interface ShownPurchase {
  readonly itemName: string;
  /** JPY; not shown when the buyer ends a contract. */
  readonly amount: number;
  /** The buyer ends a recurring contract (nothing is charged) instead of paying. */
  readonly endsContract: boolean;
  /** A subscription's terms, shown on the confirmation screen; none for a one-time payment. */
  readonly agreement?: Agreement;
}

/**
 * One buyer's walk through the au screens, started by a purchase request the emulated acquirer
 * accepted (SBPS: an A01-1).
 */
export interface BuyerSession {
  readonly id: string;
  /** The acquirer's name of the request that started it (SBPS: `A01-1` or `D01-1`). */
  readonly requestKind?: string;
  /** The acquirer's purchase request fields, by name (first occurrence). */
  readonly request: Readonly<Record<string, string>>;
  /** The same in body order; detail rows repeat names. */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  readonly orderId: string;
  readonly purchase: ShownPurchase;
  readonly createdAt: Date;
  /** The 6-digit code "sent to the phone". */
  readonly verificationCode: string;
  layout: Layout;
  lang: Lang;
  step: SessionStep;
  /** When the first au screen was shown: the 4-minute rule counts from here (spec §16). */
  startedAt?: Date;
  auId?: string;
  scenario?: Scenario;
  /** A newer A01-1 for the same order_id took over. */
  superseded: boolean;
  /** Set once when the session ends; a repeated submit gets the same page. */
  outcome?: Promise<BrowserReturn>;
}

const SESSION_LIFETIME_MS = 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

/** In-memory buyer sessions; old ones are dropped as new ones arrive. */
export class BuyerSessions {
  readonly #sessions = new Map<string, BuyerSession>();

  create(input: {
    requestKind?: string;
    request: Readonly<Record<string, string>>;
    pairs: ReadonlyArray<readonly [string, string]>;
    orderId: string;
    purchase: ShownPurchase;
    layout: Layout;
    now: Date;
  }): BuyerSession {
    this.#prune(input.now);
    const { orderId } = input;
    // "An order_id whose earlier attempt was abandoned may start again": the old screens stop.
    for (const other of this.#sessions.values()) {
      if (other.orderId === orderId && other.step !== 'ended') other.superseded = true;
    }
    const session: BuyerSession = {
      id: newSessionId(),
      ...(input.requestKind ? { requestKind: input.requestKind } : {}),
      request: input.request,
      pairs: input.pairs,
      orderId,
      purchase: input.purchase,
      createdAt: input.now,
      verificationCode: newVerificationCode(),
      layout: input.layout,
      lang: 'ja',
      step: 'login',
      superseded: false,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(id: string): BuyerSession | undefined {
    return this.#sessions.get(id);
  }

  #prune(now: Date): void {
    for (const [id, session] of this.#sessions) {
      const old = now.getTime() - session.createdAt.getTime() > SESSION_LIFETIME_MS;
      if (old || this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(id);
      else break; // insertion order = creation order
    }
  }
}
