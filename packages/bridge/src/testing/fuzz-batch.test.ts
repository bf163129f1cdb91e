import { describe, expect, it } from 'vitest';
import { FuzzBatches, type FuzzExchange, type FuzzState } from './fuzz-batch.js';
import type { FuzzRequest } from './fuzz-requests.js';

/**
 * A state the test changes itself: rows (what the snapshot holds), a commit counter (the mark) and
 * writes the snapshot leaves out (an idempotency key).
 */
class TestState implements FuzzState {
  rows: string[] = ['pay_1 authorized'];
  commits = 0;
  snapshots = 0;
  readonly unexpected: string[] = [];
  async settled(): Promise<void> {}
  async mark(): Promise<string> {
    return String(this.commits);
  }
  async snapshot(): Promise<string> {
    this.snapshots += 1;
    return JSON.stringify(this.rows);
  }
  change(row: string): void {
    this.rows.push(row);
    this.commits += 1;
  }
}

const request = (path: string): FuzzRequest => ({ method: 'GET', path, headers: {}, body: null });
const BATCH = ['/a', '/b', '/c', '/d'].map(request);
const refusedAll: FuzzExchange = async () => ({ status: 400, refused: true });

describe('FuzzBatches', () => {
  it('passes a batch of refusals that changed nothing, reading the snapshot once', async () => {
    const state = new TestState();
    const batches = new FuzzBatches(state);
    expect(await batches.send(BATCH, refusedAll)).toEqual([400, 400, 400, 400]);
    expect(await batches.send(BATCH, refusedAll)).toEqual([400, 400, 400, 400]);
    // The mark held: the snapshot was read for the first baseline only.
    expect(state.snapshots).toBe(1);
  });

  it('passes a commit outside the snapshot (an idempotency key), after reading it', async () => {
    const state = new TestState();
    const batches = new FuzzBatches(state);
    await batches.send(BATCH, async () => {
      state.commits += 1;
      return { status: 409, refused: true };
    });
    expect(state.snapshots).toBe(2);
  });

  it('fails a refused request that changed the state, naming it', async () => {
    const state = new TestState();
    const batches = new FuzzBatches(state);
    const changing: FuzzExchange = async (sent) => {
      if (sent.path === '/c') state.change(`pay_${state.rows.length + 1} captured`);
      return { status: 400, refused: true };
    };
    await expect(batches.send(BATCH, changing)).rejects.toThrow(
      /refused \(400\) yet the state changed: GET \/c /,
    );
  });

  it('fails a batch of refusals whose change no request repeats alone', async () => {
    const state = new TestState();
    const batches = new FuzzBatches(state);
    let changed = false;
    const once: FuzzExchange = async () => {
      if (!changed) state.change('pay_2 captured');
      changed = true;
      return { status: 400, refused: true };
    };
    await expect(batches.send(BATCH, once)).rejects.toThrow(
      /a batch of 4 refused requests changed the state, and none did alone/,
    );
  });

  it('sends each refused request of a batch again, alone, when another one was taken and changed the state', async () => {
    const state = new TestState();
    const batches = new FuzzBatches(state);
    const sent: string[] = [];
    const oneTaken: FuzzExchange = async (each) => {
      sent.push(each.path);
      if (each.path === '/a') {
        state.change('pay_2 pending');
        return { status: 201, refused: false };
      }
      return { status: 404, refused: true };
    };
    expect(await batches.send(BATCH, oneTaken)).toEqual([201, 404, 404, 404]);
    expect([...sent].sort()).toEqual(['/a', '/b', '/b', '/c', '/c', '/d', '/d']);
  });

  it('fails a refused request that changed the state beside one that was taken', async () => {
    const state = new TestState();
    const batches = new FuzzBatches(state);
    const both: FuzzExchange = async (each) => {
      if (each.path === '/a') {
        state.change('pay_2 pending');
        return { status: 201, refused: false };
      }
      if (each.path === '/d') state.change(`pay_${state.rows.length + 1} refunded`);
      return { status: 400, refused: true };
    };
    await expect(batches.send(BATCH, both)).rejects.toThrow(
      /refused \(400\) yet the state changed: GET \/d /,
    );
  });

  it('fails a batch during which an unexpected error was logged', async () => {
    const state = new TestState();
    const batches = new FuzzBatches(state);
    const logging: FuzzExchange = async (each) => {
      if (each.path === '/b') state.unexpected.push('{"level":50,"msg":"unexpected error"}');
      return { status: 400, refused: true };
    };
    await expect(batches.send(BATCH, logging)).rejects.toThrow(/unexpected errors logged/);
  });

  it('fails on a wrong answer, naming the request', async () => {
    const batches = new FuzzBatches(new TestState());
    const wrong: FuzzExchange = async (each) => {
      if (each.path === '/b') throw new Error('expected 500 to be less than 500');
      return { status: 400, refused: true };
    };
    await expect(batches.send(BATCH, wrong)).rejects.toThrow(
      /GET \/b headers=\{\}\nexpected 500 to be less than 500/,
    );
  });
});
