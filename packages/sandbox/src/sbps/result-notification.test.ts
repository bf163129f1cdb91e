import { describe, expect, it } from 'vitest';
import { readForm, sandboxCode, TestMerchant } from '../testing/index.js';
import { isAcceptedAnswer, postResultNotification, shuffledPairs } from './result-notification.js';

describe('the answer to an A02-1', () => {
  it('is strictly `OK,` with an optional trailing CR/LF by default (spec §17.16)', () => {
    for (const body of ['OK,', 'OK,\r\n', 'OK,\n', 'OK,\r'])
      expect(isAcceptedAnswer(200, body, true)).toBe(true);
    for (const body of ['OK', 'ok,', ' OK,', 'OK,\n\n', 'OK,done', 'NG,bad hash', '']) {
      expect(isAcceptedAnswer(200, body, true)).toBe(false);
    }
    expect(isAcceptedAnswer(201, 'OK,', true)).toBe(false);
  });

  it('may be lenient when configured', () => {
    expect(isAcceptedAnswer(200, ' ok\n', false)).toBe(true);
    expect(isAcceptedAnswer(204, 'OK,', false)).toBe(true);
    expect(isAcceptedAnswer(200, 'NG,', false)).toBe(false);
    expect(isAcceptedAnswer(500, 'OK,', false)).toBe(false);
  });

  it('fails on timeout', async () => {
    const never: typeof fetch = (_url, init) =>
      new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const answer = await postResultNotification({
      url: 'http://127.0.0.1:1/notify',
      pairs: [['res_result', 'OK']],
      fetch: never,
      timeoutMs: 20,
      strict: true,
    });
    expect(answer).toEqual({ accepted: false, error: 'no answer within 20 ms' });
  });
});

describe('the field order of an A02-1', () => {
  it('is shuffled, keeping detail rows in row order', () => {
    const pairs: Array<[string, string]> = [
      ['a', '1'],
      ['dtl_rowno', '1'],
      ['b', '2'],
      ['dtl_rowno', '2'],
      ['dtl_rowno', '3'],
      ['c', '3'],
    ];
    for (let run = 0; run < 20; run += 1) {
      const shuffled = shuffledPairs(pairs);
      expect([...shuffled].sort()).toEqual([...pairs].sort());
      expect(shuffled.filter(([n]) => n === 'dtl_rowno').map(([, v]) => v)).toEqual([
        '1',
        '2',
        '3',
      ]);
    }
  });
});

describe('a notification that gets no answer in time', () => {
  it('leaves the purchase inconsistent and sends the buyer to error_url', async () => {
    const hang: typeof fetch = (_url, init) =>
      new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const shop = await TestMerchant.start({ notificationTimeoutMs: 50, fetch: hang });
    try {
      const received = await shop.followReturn(await shop.pay());
      expect(received.kind).toBe('error');
      const trackingId = received.params.res_tracking_id ?? '';
      expect(shop.sbps.purchase(trackingId)?.inconsistent).toBe(true);
    } finally {
      await shop.close();
    }
  });
});

describe('a double submit of the last screen', () => {
  it('gets the same result page and sends one notification', async () => {
    const shop = await TestMerchant.start();
    try {
      const login = await shop.start();
      const code = await shop.submit(login.url, 'login', { au_id: 'a@b.example', password: 'x' });
      const confirm = await shop.submit(code.url, 'code', {
        code: sandboxCode(code),
      });
      const [first, second] = await Promise.all([
        shop.submit(confirm.url, 'confirm', { pin: '1234' }),
        shop.submit(confirm.url, 'confirm', { pin: '1234' }),
      ]);
      expect(readForm(first, 'sbps-return').fields).toEqual(readForm(second, 'sbps-return').fields);
      expect(shop.notifications).toHaveLength(1);
    } finally {
      await shop.close();
    }
  });
});
