/**
 * Fuzz cases sent in concurrent batches, with one exact state check per batch (issue #15, item 2):
 * a refused request must change nothing. The check is cheap when nothing was committed (a change
 * mark: SQLite's data_version, a PostgreSQL digest), and reads the whole snapshot only when the mark
 * moved. A batch whose requests were all refused fails on any change; a batch where some request
 * was taken (and may rightly have changed the state) sends each of its refused requests again, one
 * at a time, each with a check of its own. A failure names the one request at fault.
 */
import { expect } from 'vitest';
import type { FuzzRequest } from './fuzz-requests.js';

/** What the check reads of the fuzzed bridge. */
export interface FuzzState {
  /** Waits for what the emulators still send on their own after an earlier request. */
  settled(): Promise<void>;
  /**
   * Cheap and exact in one direction: the same mark means nothing was committed. It may move with
   * no change to the snapshot (a write to a table the snapshot leaves out, such as idempotency keys).
   */
  mark(): Promise<string>;
  /** Everything a request could change, as one comparable string. */
  snapshot(): Promise<string>;
  /** Log lines of unexpected errors (the last-resort 500s) and fatal ones, so far. */
  readonly unexpected: readonly string[];
}

/** One case's outcome: its status, and whether the route refused it (checked in its format). */
export interface FuzzOutcome {
  readonly status: number;
  readonly refused: boolean;
}

/** Sends one request and checks the answer's format; throws when the answer is wrong. */
export type FuzzExchange = (request: FuzzRequest) => Promise<FuzzOutcome>;

/** The request, short enough for a failure message (bodies can be 100 kB). */
export function describeRequest(request: FuzzRequest): string {
  const body = request.body;
  const shown =
    body === null
      ? ''
      : ` body(${body.length} B, base64)=${body.subarray(0, 300).toString('base64')}${body.length > 300 ? '…' : ''}`;
  return `${request.method} ${request.path.slice(0, 300)} headers=${JSON.stringify(request.headers).slice(0, 600)}${shown}`;
}

export class FuzzBatches {
  readonly #state: FuzzState;
  /** The last snapshot read, and the mark it was read at. */
  #known: { mark: string; snapshot: string } | undefined;

  constructor(state: FuzzState) {
    this.#state = state;
  }

  /** The state now: the known snapshot while the mark holds, else a fresh one. */
  async #current(): Promise<{ mark: string; snapshot: string }> {
    const mark = await this.#state.mark();
    if (this.#known?.mark !== mark) this.#known = { mark, snapshot: await this.#state.snapshot() };
    return this.#known;
  }

  /**
   * Sends `requests` all at once through `exchange`, then checks: no unexpected error logged, and
   * no state change from a refused request. Resolves with the statuses, in order.
   */
  async send(requests: readonly FuzzRequest[], exchange: FuzzExchange): Promise<number[]> {
    await this.#state.settled();
    const before = await this.#current();
    const logged = this.#state.unexpected.length;
    const outcomes = await Promise.all(
      requests.map(async (request) => {
        try {
          return await exchange(request);
        } catch (error) {
          throw new Error(`${describeRequest(request)}\n${(error as Error).message}`, {
            cause: error,
          });
        }
      }),
    );
    await this.#state.settled();
    const unexpected = this.#state.unexpected.slice(logged);
    if (unexpected.length > 0) {
      const sent = requests.map(describeRequest).join('\n');
      throw new Error(`unexpected errors logged:\n${unexpected.join('\n')}\nfor one of:\n${sent}`);
    }
    const after = await this.#current();
    if (after.snapshot !== before.snapshot) {
      await this.#changed(requests, outcomes, exchange, before, after);
    }
    return outcomes.map((outcome) => outcome.status);
  }

  /** The state changed in a batch: find the refused request that changed it, if one did. */
  async #changed(
    requests: readonly FuzzRequest[],
    outcomes: readonly FuzzOutcome[],
    exchange: FuzzExchange,
    before: { snapshot: string },
    after: { snapshot: string },
  ): Promise<void> {
    const refused = requests.filter((_, index) => outcomes[index]?.refused);
    const [only] = requests;
    if (requests.length === 1 && only) {
      // Parsed for a readable diff.
      if (refused.length === 1) {
        expect(
          JSON.parse(after.snapshot),
          `refused (${outcomes[0]?.status}) yet the state changed: ${describeRequest(only)}`,
        ).toEqual(JSON.parse(before.snapshot));
      }
      return;
    }
    // Each refused request again, alone: the one that changes the state fails above.
    for (const request of refused) await this.send([request], exchange);
    if (refused.length === requests.length) {
      throw new Error(
        `a batch of ${requests.length} refused requests changed the state, and none did alone:\n${requests.map(describeRequest).join('\n')}`,
      );
    }
  }
}
