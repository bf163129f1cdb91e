/**
 * The sandbox's test clock, like Stripe's test clocks: real time plus an offset that only grows.
 * In sandbox mode it is the `now` of every rule, record, expiry and of the emulated SBPS, so a
 * merchant (or the e2e suite) can see what happens later without waiting: a pending payment
 * expiring after 30 minutes, a partial refund opening on the 1st of the month after settlement
 * (core's `partialRefundOpensAt`), a refund window closing about three months on.
 *
 * It never goes back: every record is stamped with this clock, and a clock that went back would
 * leave payments created "in the future", webhooks not due yet and windows reopening.
 */
export class SandboxClock {
  readonly #realNow: () => Date;
  #offsetMs = 0;

  constructor(realNow: () => Date = () => new Date()) {
    this.#realNow = realNow;
  }

  /** The sandbox's current time: real time plus the offset. */
  readonly now = (): Date => new Date(this.#realNow().getTime() + this.#offsetMs);

  /** How far ahead of real time the sandbox is, in milliseconds (never negative). */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /**
   * Moves the clock forward by `ms`; answers the new time.
   * @throws SandboxClockError `clock_cannot_go_back` for a negative amount.
   */
  advance(ms: number): Date {
    if (!Number.isFinite(ms)) {
      throw new SandboxClockError('invalid_request', `Cannot advance the clock by ${ms} ms.`);
    }
    if (ms < 0) {
      throw new SandboxClockError(
        'clock_cannot_go_back',
        'The sandbox clock only moves forward: advance by zero or more seconds.',
      );
    }
    this.#offsetMs += ms;
    return this.now();
  }

  /**
   * Moves the clock forward to `instant`; answers the new time.
   * @throws SandboxClockError `clock_cannot_go_back` when `instant` is before the clock's now.
   */
  advanceTo(instant: Date): Date {
    const target = instant.getTime();
    if (Number.isNaN(target)) {
      throw new SandboxClockError('invalid_request', 'The target time is not a valid date.');
    }
    const now = this.now();
    if (target < now.getTime()) {
      throw new SandboxClockError(
        'clock_cannot_go_back',
        `The sandbox clock only moves forward: ${instant.toISOString()} is before its current time ${now.toISOString()}.`,
      );
    }
    this.#offsetMs += target - now.getTime();
    return this.now();
  }

  /**
   * After a restart the offset starts again at zero, while the store may hold records stamped
   * ahead of real time. Moving forward to the newest of them keeps the clock from going back.
   */
  resumeFrom(latestRecord: Date | null): void {
    if (latestRecord && latestRecord.getTime() > this.now().getTime()) this.advanceTo(latestRecord);
  }
}

export type SandboxClockErrorCode = 'clock_cannot_go_back' | 'invalid_request';

/** A refused clock change; the route answers it as `{ error: { code, message } }`. */
export class SandboxClockError extends Error {
  constructor(
    readonly code: SandboxClockErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxClockError';
  }
}
