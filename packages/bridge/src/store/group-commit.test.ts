import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { testPayment } from '../testing/test-payment.js';
import { GroupCommit } from './group-commit.js';
import { DuplicatePaymentError } from './payment-store.js';
import { SqlitePaymentStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'au-pay-group-commit-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

let files = 0;
/** A WAL database with one table, and a second connection that watches its commits. */
function openDatabase() {
  const file = join(directory, `db-${++files}.sqlite`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE rows (name TEXT PRIMARY KEY)');
  const watcher = new Database(file, { readonly: true });
  // Changes by each commit of another connection (SQLite's data_version).
  const commitCount = () => watcher.pragma('data_version', { simple: true }) as number;
  const names = () => watcher.prepare('SELECT name FROM rows ORDER BY name').pluck().all();
  const insert = db.prepare('INSERT INTO rows (name) VALUES (?)');
  return { db, commitCount, names, insert };
}

describe('GroupCommit', () => {
  it('commits the writes of one turn together, once, each answered after the commit', async () => {
    const { db, commitCount, names, insert } = openDatabase();
    const writes = new GroupCommit(db);
    const before = commitCount();
    const written = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name) =>
        writes.run(() => {
          insert.run(name);
          return name;
        }),
      ),
    );
    expect(written).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(names()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(commitCount() - before).toBe(1);

    // Writes asked for in the next turn are a group of their own.
    await writes.run(() => insert.run('f'));
    expect(commitCount() - before).toBe(2);
  });

  it('rolls back a write that throws to its own savepoint; the others of its group commit', async () => {
    const { db, names, insert } = openDatabase();
    const writes = new GroupCommit(db);
    const outcomes = await Promise.allSettled([
      writes.run(() => insert.run('a')),
      writes.run(() => {
        insert.run('half');
        throw new Error('decided against it');
      }),
      writes.run(() => insert.run('a')), // a primary key already taken in this group
      writes.run(() => insert.run('c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('decided against it'));
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    expect(names()).toEqual(['a', 'c']);
  });

  it('rolls back a lone write that throws, leaving nothing of it', async () => {
    const { db, names, insert } = openDatabase();
    const writes = new GroupCommit(db);
    await expect(
      writes.run(() => {
        insert.run('half');
        throw new Error('decided against it');
      }),
    ).rejects.toThrow('decided against it');
    expect(names()).toEqual([]);
  });

  it('rejects every write of a group whose transaction ended, and keeps none of them', async () => {
    const { db, names, insert } = openDatabase();
    const writes = new GroupCommit(db);
    const outcomes = await Promise.allSettled([
      writes.run(() => insert.run('a')),
      // What a full disk or an I/O error does: SQLite ends the whole transaction.
      writes.run(() => {
        db.exec('ROLLBACK');
        throw new Error('disk full');
      }),
      writes.run(() => insert.run('c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(names()).toEqual([]);
    // The next group starts afresh.
    await writes.run(() => insert.run('d'));
    expect(names()).toEqual(['d']);
  });

  it('commits what is queued when flushed (the store closing)', async () => {
    const { db, names, insert } = openDatabase();
    const writes = new GroupCommit(db);
    const pending = writes.run(() => insert.run('a'));
    writes.flush();
    expect(names()).toEqual(['a']);
    await pending;
  });

  it('still commits while a test fakes the timers', async () => {
    const { db, names, insert } = openDatabase();
    const writes = new GroupCommit(db);
    vi.useFakeTimers();
    await writes.run(() => insert.run('a'));
    expect(names()).toEqual(['a']);
  });
});

describe('SqlitePaymentStore writes in groups', () => {
  it('stores the payments of one turn, and refuses the duplicate among them alone', async () => {
    const store = new SqlitePaymentStore(join(directory, `store-${++files}`, 'bridge.db'));
    await store.migrate();
    const created = { type: 'payment.created', data: {} };
    const first = testPayment();
    const outcomes = await Promise.allSettled([
      store.insertPayment(first, created),
      store.insertPayment(testPayment(), created),
      store.insertPayment({ ...testPayment(), id: first.id }, created),
      store.insertPayment(testPayment(), created),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicatePaymentError);
    const stored = await store.listPayments({ limit: 10 });
    expect(stored).toHaveLength(3);
    // The refused duplicate left no event behind either.
    expect((await store.listEvents(first.id)).map((event) => event.type)).toEqual([
      'payment.created',
    ]);
    await store.close();
  });
});
