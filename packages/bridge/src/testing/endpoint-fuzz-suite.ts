import { Agent } from 'node:http';
import { createTestDatabase } from '@au-pay/test-postgres';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkFormat } from './fuzz-answers.js';
import { FuzzBatches, type FuzzExchange } from './fuzz-batch.js';
import { type Endpoint, knownFaults, targetOf } from './fuzz-endpoints.js';
import { type FuzzRequest, fuzzRequests, send } from './fuzz-requests.js';
import { FuzzedBridge } from './fuzzed-bridge.js';

// The bridge's HTTP endpoints fed random requests (issue #15, item 2), in two test files
// (src/http/endpoint-fuzz.*.test.ts) so that vitest's two workers on 2 cores share them:
// never a 5xx, always a refusal in the route's own format, no unexpected error logged, and no state
// change from a refused request. Cases go in concurrent batches, each batch with one exact state
// check (`FuzzBatches`). Cases per endpoint: AU_PAY_FUZZ_RUNS (default 2,000) on SQLite and a fifth
// on PostgreSQL; AU_PAY_FUZZ_SEED replays a failure.

/** Cases per endpoint on SQLite; PostgreSQL gets a fifth (each case costs it round trips). */
const RUNS = Number(process.env.AU_PAY_FUZZ_RUNS ?? 2000);
// A failure prints its seed; AU_PAY_FUZZ_SEED replays it.
const SEED = process.env.AU_PAY_FUZZ_SEED ? Number(process.env.AU_PAY_FUZZ_SEED) : undefined;
/** Requests in flight at once (measured: 32 beats 16 and 64 on 2 busy cores). */
const BATCH = 32;

const STORES = [
  { name: 'SQLite', runs: RUNS, databaseUrl: async () => undefined },
  {
    name: 'PostgreSQL',
    runs: Math.ceil(RUNS / 5),
    databaseUrl: async () => createTestDatabase(inject('postgresUrl')),
  },
] as const;

/** A payment the bridge takes (201): the state change a refused request must never make. */
const VALID_PAYMENT = {
  amount: 1500,
  currency: 'JPY',
  merchantReference: 'FUZZ-CHANGE',
  itemName: 'テスト商品',
  returnUrl: 'https://shop.example/orders/return',
};

/** Every endpoint of `part` on each store: a describe block per store, a test per endpoint. */
export function fuzzEndpoints(part: string, endpoints: readonly Endpoint[]): void {
  describe.each(STORES)(`${part} on $name, fed random requests`, (store) => {
    let bridge: FuzzedBridge;
    let batches: FuzzBatches;
    const agent = new Agent({ keepAlive: true, maxSockets: BATCH });
    beforeAll(async () => {
      bridge = await FuzzedBridge.start(await store.databaseUrl());
      batches = new FuzzBatches(bridge);
    }, 120_000);
    afterAll(async () => {
      agent.destroy();
      await bridge?.close();
    });

    it('has payments seeded in every status a request can meet', () => {
      expect(new Set(bridge.seeded.map((payment) => payment.status))).toEqual(
        new Set(['pending', 'authorized', 'captured', 'cancelled', 'failed', 'refunded']),
      );
      expect(new Set(bridge.seeded.map((payment) => payment.acquirer))).toEqual(
        new Set(['sbps', 'antom', 'nomupay']),
      );
    });

    it('has subscriptions seeded in every status a request can meet, of both kinds', () => {
      expect(new Set(bridge.subscriptions.map((s) => `${s.kind} ${s.status}`))).toEqual(
        new Set([
          'monthly incomplete',
          'monthly active',
          'on_demand incomplete',
          'on_demand active',
          'on_demand cancelled',
        ]),
      );
    });

    it.each(endpoints)(
      '$name: never a 5xx, refusals in its own format, no state change when refused',
      async (endpoint) => {
        const statuses: number[] = [];
        const exchange: FuzzExchange = async (request) => {
          const answer = await send(bridge.url, agent, request);
          return { status: answer.status, refused: checkFormat(endpoint.format, answer) };
        };
        await fc.assert(
          fc.asyncProperty(
            fc.array(fuzzRequests(targetOf(endpoint, bridge)), {
              minLength: BATCH,
              maxLength: BATCH,
            }),
            async (requests: FuzzRequest[]) => {
              statuses.push(...(await batches.send(requests, exchange)));
            },
          ),
          {
            numRuns: Math.ceil(store.runs / BATCH) + knownFaults(endpoint, bridge).length,
            // Each known fault as a batch of its own, before the random ones.
            examples: knownFaults(endpoint, bridge).map((request) => [[request]]),
            // The batch check names the request at fault; shrinking a batch would only resend it.
            endOnFailure: true,
            ...(SEED !== undefined && { seed: SEED }),
          },
        );
        expect(statuses.length).toBeGreaterThanOrEqual(store.runs);
        // The key is sent often enough that the fuzz gets past the authentication.
        if (endpoint.secretKey) expect(statuses.filter((status) => status !== 401)).not.toEqual([]);
      },
      600_000,
    );

    // Last, as it leaves a payment behind: the check itself, fed a change made here.
    it('fails a batch in which a refused answer came with a state change, naming that request', async () => {
      const requests = ['/healthz', '/v1/payments/pay_changes', '/openapi.json'].map(
        (path): FuzzRequest => ({ method: 'GET', path, headers: {}, body: null }),
      );
      const changing: FuzzExchange = async (request) => {
        if (request.path === '/v1/payments/pay_changes') {
          await bridge.api('POST', '/v1/payments', VALID_PAYMENT);
        }
        return { status: 404, refused: true };
      };
      await expect(batches.send(requests, changing)).rejects.toThrow(
        /refused \(404\) yet the state changed: GET \/v1\/payments\/pay_changes/,
      );
      // A batch with nothing changed passes the same check.
      await expect(
        batches.send(requests, async () => ({ status: 404, refused: true })),
      ).resolves.toEqual([404, 404, 404]);
    });
  });
}
