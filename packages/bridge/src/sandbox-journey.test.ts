import { decodeShiftJis, encodeSbpsForm } from '@au-pay/core/sbps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TestClock } from './testing/bridge-harness.js';

// The whole journey with the emulated SBPS the bridge mounts in sandbox mode: the checkout page,
// the au screens, the A02-1 notification, the browser return, then settlement over the XML API.

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({
    clock: new TestClock('2025-03-10T10:00:00+09:00'),
    // '' = the default: the emulator's own XML API under PUBLIC_URL/sandbox/sbps.
    env: { SBPS_API_URL: '' },
  });
});
afterAll(async () => {
  await harness.close();
});

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const unescapeHtml = (text: string) =>
  text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);

function readForm(html: string): { action: string; fields: Array<[string, string]> } {
  const action = unescapeHtml(/<form [^>]*action="([^"]*)"/.exec(html)?.[1] ?? '');
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(
    (m): [string, string] => [unescapeHtml(m[1] ?? ''), unescapeHtml(m[2] ?? '')],
  );
  return { action, fields };
}

async function page(response: Response): Promise<{ url: string; html: string; status: number }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const html = /shift_jis/i.test(type)
    ? decodeShiftJis(bytes)
    : Buffer.from(bytes).toString('utf8');
  return { url: response.url, html, status: response.status };
}

/** A browser: follows 303s, keeps the URL of the page it lands on. */
async function browse(url: string, init: RequestInit = {}) {
  let target = url;
  let request = init;
  for (let hop = 0; hop < 6; hop += 1) {
    const response = await fetch(target, { ...request, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      target = new URL(location, target).href;
      request = {};
      continue;
    }
    const read = await page(response);
    return { ...read, url: target };
  }
  throw new Error('too many redirects');
}

const submit = (pageUrl: string, action: string, fields: Record<string, string>) =>
  browse(new URL(action, pageUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

describe('sandbox journey', () => {
  it('pays through the emulated au screens, then settles over the emulated XML API', async () => {
    const created = await harness.createPayment({ captureMode: 'manual', amount: 2200 });
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    const purchase = readForm(decodeShiftJis(checkout.bytes));
    expect(purchase.action).toBe(`${harness.url}/sandbox/sbps/f01/FepBuyInfoReceive.do?layout=web`);

    const login = await browse(purchase.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeSbpsForm(purchase.fields),
    });
    expect(login.status).toBe(200);
    const codePage = await submit(login.url, 'login', {
      au_id: 'success@au.example',
      password: 'pw',
    });
    const code = /<strong>(\d{6})<\/strong>/.exec(codePage.html)?.[1] ?? '';
    const confirm = await submit(codePage.url, 'code', { code });
    expect(confirm.html).toContain('2,200円');
    const done = await submit(confirm.url, 'confirm', { pin: '1234' });
    expect(done.status).toBe(200);

    // The emulator has had its "OK," (A02-1 comes before the browser returns).
    expect(await harness.payment(created.id)).toMatchObject({ status: 'authorized' });

    const back = readForm(done.html);
    expect(back.action).toBe(`${harness.url}/sbps/return/success`);
    const returned = await fetch(back.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeSbpsForm(back.fields),
      redirect: 'manual',
    });
    expect(returned.status).toBe(303);
    const location = new URL(returned.headers.get('location') ?? '');
    expect(location.searchParams.get('payment')).toBe(created.id);
    expect(location.searchParams.get('status')).toBe('authorized');

    const capture = await harness.api('POST', `/v1/payments/${created.id}/capture`, {
      amount: 2000,
    });
    expect(capture.status).toBe(200);
    expect(capture.body).toMatchObject({ status: 'captured', capturedAmount: 2000 });
  });
});
