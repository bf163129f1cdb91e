import type Database from 'better-sqlite3';

// Taken at load: a test that fakes the timers must not stop the store from committing.
const nextTurn = setImmediate;

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the embedded store. The writes asked for during one turn of the event loop run
 * together in one `BEGIN IMMEDIATE` transaction, each in a savepoint of its own, in the order they
 * were asked for; none is answered before that transaction is committed (fsync and all, under
 * the store's `synchronous = FULL`). A write that throws is rolled back to its savepoint alone and
 * rejects; the others still commit. If the transaction itself fails (the write lock not had
 * within `busy_timeout`, a full disk), every write of the group rejects and none is kept.
 *
 * Why: on a busy bridge a commit's fixed cost (locks, the WAL frames of pages every write touches,
 * the fsync) dominated each request; ten concurrent requests now share one.
 */
export class GroupCommit {
  readonly #db: Database.Database;
  readonly #outer: (writes: readonly QueuedWrite[]) => Array<{ ok: boolean; value: unknown }>;
  readonly #savepoint: (work: () => unknown) => unknown;
  #queue: QueuedWrite[] = [];

  constructor(db: Database.Database) {
    this.#db = db;
    // better-sqlite3 runs a transaction function called inside another as a savepoint.
    const transaction = db.transaction((work: () => unknown) => work());
    this.#savepoint = transaction;
    const group = db.transaction((writes: readonly QueuedWrite[]) =>
      // Alone, a write needs no savepoint: if it throws, the whole transaction is rolled back.
      writes.length === 1
        ? [{ ok: true, value: (writes[0] as QueuedWrite).work() }]
        : writes.map((write) => this.#runOne(write)),
    );
    this.#outer = (writes) => group.immediate(writes);
  }

  /** Runs `work` (synchronous SQL) in the next group; resolves once the group is committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.#queue.length === 1) nextTurn(() => this.flush());
    });
  }

  /** Commits what is queued now (the store calls it before closing). */
  flush(): void {
    const writes = this.#queue;
    if (writes.length === 0) return;
    this.#queue = [];
    let outcomes: Array<{ ok: boolean; value: unknown }>;
    try {
      outcomes = this.#outer(writes);
    } catch (error) {
      for (const write of writes) write.reject(error);
      return;
    }
    writes.forEach((write, i) => {
      const outcome = outcomes[i] as { ok: boolean; value: unknown };
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.value);
    });
  }

  #runOne(write: QueuedWrite): { ok: boolean; value: unknown } {
    try {
      return { ok: true, value: this.#savepoint(write.work) };
    } catch (error) {
      // Some failures (a full disk, an I/O error) end the whole transaction, not just the
      // savepoint: then nothing of the group may be reported as written.
      if (!this.#db.inTransaction) throw error;
      return { ok: false, value: error };
    }
  }
}
