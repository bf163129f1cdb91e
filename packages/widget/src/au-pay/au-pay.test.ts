import { checkAmount } from '@au-pay/core';
import { expect, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { en } from '../i18n/en.js';
import { pickLang } from '../i18n/index.js';
import { ja } from '../i18n/ja.js';
import { AuPay } from './au-pay.js';
import {
  axeViolations,
  bridge,
  button,
  crossOriginBridge,
  fieldsOf,
  interceptSubmissions,
  message,
  nextEvent,
  recordEvents,
  render,
  replaceFetch,
  text,
  watchWarnings,
} from './harness.js';

// Payments in flight are remembered for the whole page, so every test pays its own payment.
let serial = 0;
const newPayment = () => `pay_test${++serial}`;

let submissions: ReturnType<typeof interceptSubmissions>;
let warnings: ReturnType<typeof watchWarnings>;
const restores: (() => void)[] = [];

beforeEach(() => {
  submissions = interceptSubmissions();
  warnings = watchWarnings();
});

afterEach(async () => {
  submissions.restore();
  warnings.restore();
  for (const restore of restores.splice(0)) restore();
  for (const form of document.querySelectorAll('body > form')) form.remove();
  AuPay.bridgeTimeout = 5000;
  await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  await setViewport({ width: 800, height: 600 });
});

/** A fetch that never answers: the element stays busy checking the bridge. */
function hangFetch() {
  const fetches = replaceFetch(() => new Promise<Response>(() => {}));
  restores.push(fetches.restore);
  return fetches;
}

/** A fetch that answers every state request like a bridge with a payable payment. */
function healthyFetch() {
  const fetches = replaceFetch(async () => Response.json({ status: 'pending', payable: true }));
  restores.push(fetches.restore);
  return fetches;
}

/** Counts real fetches (they still go out). */
function countFetches() {
  const real = window.fetch.bind(window);
  const fetches = replaceFetch((url, init) => real(url, init));
  restores.push(fetches.restore);
  return fetches;
}

const payable = (payment = newPayment()) =>
  html`<au-pay amount="1980" payment=${payment} client-secret="sec_abc" bridge=${bridge}></au-pay>`;

describe('rendering', () => {
  it('web layout in Japanese: the amount on the button, the au ID / code / PIN steps under it', async () => {
    const el = await render(html`<au-pay amount="1980" layout="web" lang="ja"></au-pay>`);
    expect(text(button(el))).to.equal('1,980円をau PAYで支払う');
    expect(text(message(el))).to.equal(ja.web);
    expect(ja.web).to.match(/au ID.*確認コード.*暗証番号/);
    expect(el.shadowRoot?.querySelector('[lang]')?.getAttribute('lang')).to.equal('ja');
  });

  it('web layout in English', async () => {
    const el = await render(html`<au-pay amount="1980" layout="web" lang="en"></au-pay>`);
    expect(text(button(el))).to.equal('Pay ¥1,980 with au PAY');
    expect(text(message(el))).to.equal(en.web);
    expect(en.web).to.match(/au ID.*code.*PIN/);
  });

  for (const [lang, catalog, label] of [
    ['ja', ja, '1,980円をau PAYで支払う'],
    ['en', en, 'Pay ¥1,980 with au PAY'],
  ] as const) {
    it(`wap layout in ${lang}: full width, a touch target of at least 48 px, shorter text`, async () => {
      const wrapper = await render(
        html`<div style="width: 360px"><au-pay amount="1980" layout="wap" lang=${lang}></au-pay></div>`,
      );
      const el = wrapper.querySelector('au-pay') as AuPay;
      await el.updateComplete;
      const box = button(el).getBoundingClientRect();
      expect(text(button(el))).to.equal(label);
      expect(box.width).to.equal(360);
      expect(box.height).to.be.at.least(48);
      expect(text(message(el))).to.equal(catalog.wap);
      expect(catalog.wap.length).to.be.below(catalog.web.length);
    });
  }

  it('web layout keeps the button to its content and at least 44 px high', async () => {
    const wrapper = await render(
      html`<div style="width: 600px"><au-pay amount="1980" layout="web"></au-pay></div>`,
    );
    const el = wrapper.querySelector('au-pay') as AuPay;
    const box = button(el).getBoundingClientRect();
    expect(box.width).to.be.below(400);
    expect(box.height).to.be.at.least(44);
  });

  it('auto layout follows the window: wap when narrow, web when wide', async () => {
    await setViewport({ width: 1024, height: 768 });
    const el = await render(html`<au-pay amount="1980" lang="en"></au-pay>`);
    expect(text(message(el))).to.equal(en.web);
    await setViewport({ width: 400, height: 800 });
    await waitUntil(() => text(message(el)) === en.wap, 'did not switch to wap');
    await setViewport({ width: 1024, height: 768 });
    await waitUntil(() => text(message(el)) === en.web, 'did not switch back to web');
  });

  it('takes the language of the nearest lang attribute', async () => {
    const wrapper = await render(
      html`<section lang="en-GB"><div><au-pay amount="1980"></au-pay></div></section>`,
    );
    const el = wrapper.querySelector('au-pay') as AuPay;
    expect(text(button(el))).to.equal('Pay ¥1,980 with au PAY');
  });

  it("prefers its own lang over an ancestor's, and follows changes", async () => {
    const wrapper = await render(
      html`<div lang="en"><au-pay amount="1980" lang="ja-JP"></au-pay></div>`,
    );
    const el = wrapper.querySelector('au-pay') as AuPay;
    expect(text(button(el))).to.equal('1,980円をau PAYで支払う');
    el.lang = 'en';
    await el.updateComplete;
    expect(text(button(el))).to.equal('Pay ¥1,980 with au PAY');
    expect(el.getAttribute('lang')).to.equal('en');
  });

  it("falls back to the browser's languages when no lang is set", async () => {
    expect(document.documentElement.hasAttribute('lang')).to.equal(false);
    const el = await render(html`<au-pay amount="1980"></au-pay>`);
    const expected =
      pickLang(navigator.languages) === 'ja' ? '1,980円をau PAYで支払う' : 'Pay ¥1,980 with au PAY';
    expect(text(button(el))).to.equal(expected);
  });

  it('pickLang: first supported tag wins, Japanese when none is', () => {
    expect(pickLang([null, 'ja-JP', 'en'])).to.equal('ja');
    expect(pickLang(['fr-FR', 'EN-us'])).to.equal('en');
    expect(pickLang(['jv', 'de'])).to.equal('ja');
    expect(pickLang([])).to.equal('ja');
  });
});

describe('amount', () => {
  const refused = [
    { name: '"1.5" (attribute)', set: { amount: '1.5' }, code: 'amount_not_integer' },
    { name: '1.5 (property)', set: { amount: 1.5 }, code: 'amount_not_integer' },
    { name: '-1', set: { amount: -1 }, code: 'amount_negative' },
    { name: '"-1" (attribute)', set: { amount: '-1' }, code: 'amount_negative' },
    { name: '0', set: { amount: 0 }, code: 'amount_below_minimum' },
    { name: '"abc"', set: { amount: 'abc' }, code: 'amount_not_a_number' },
    { name: 'missing', set: {}, code: 'amount_missing' },
    {
      name: '500,001 with acquirer="antom"',
      set: { amount: '500001', acquirer: 'antom' as const },
      code: 'amount_above_maximum',
    },
  ];

  for (const { name, set, code } of refused) {
    it(`refuses ${name}: ${code} from checkAmount, message, disabled button, event, one warning`, async () => {
      const invalid = recordEvents(document, 'au-pay-invalid');
      const el = await render(
        html`<au-pay lang="ja" payment=${newPayment()} client-secret="sec" .amount=${set.amount} acquirer=${set.acquirer ?? 'sbps'}></au-pay>`,
      );
      const core = checkAmount(set.amount, set.acquirer ?? 'sbps');
      if (core.ok) throw new Error('core accepts this amount');
      expect(core.code).to.equal(code);
      expect(button(el).disabled).to.equal(true);
      expect(text(button(el))).to.equal(ja.payWithoutAmount);
      expect(text(message(el))).to.equal(`${ja.refused}${core.messages.ja}`);
      expect(message(el).getAttribute('class')).to.match(/ \S+$/, 'styled as an alert');
      expect(invalid.map((event) => event.detail.code)).to.deep.equal([code]);
      expect(invalid[0]?.detail.message).to.equal(`${ja.refused}${core.messages.ja}`);
      expect(invalid[0]?.detail.value).to.equal(set.amount);
      expect(invalid[0]?.bubbles && invalid[0]?.composed).to.equal(true);
      expect(warnings.calls).to.have.length(1);
      expect(String(warnings.calls[0])).to.contain(code);

      // Re-rendering (another language here) neither warns nor fires again.
      el.lang = 'en';
      await el.updateComplete;
      expect(text(message(el))).to.equal(`${en.refused}${core.messages.en}`);
      expect(warnings.calls).to.have.length(1);
      expect(invalid).to.have.length(1);

      button(el).click();
      await el.updateComplete;
      expect(submissions.forms).to.have.length(0);
    });
  }

  it('accepts the attribute string "1980" and shows it in yen', async () => {
    const invalid = recordEvents(document, 'au-pay-invalid');
    const el = await render(html`<au-pay amount="1980" lang="en"></au-pay>`);
    expect(button(el).disabled).to.equal(false);
    expect(text(button(el))).to.equal('Pay ¥1,980 with au PAY');
    expect(invalid).to.have.length(0);
    expect(warnings.calls).to.have.length(0);
  });

  it('applies the limits of the acquirer: 500,001 is fine through SBPS, 500,000 through Antom', async () => {
    const sbps = await render(html`<au-pay amount="500001" acquirer="sbps" lang="ja"></au-pay>`);
    expect(button(sbps).disabled).to.equal(false);
    expect(text(button(sbps))).to.equal('500,001円をau PAYで支払う');
    const antom = await render(html`<au-pay amount="500000" acquirer="antom"></au-pay>`);
    expect(button(antom).disabled).to.equal(false);
  });

  it('re-checks when acquirer changes: 500,001 is refused once set to "antom", 1 yen is fine there', async () => {
    const invalid = recordEvents(document, 'au-pay-invalid');
    const el = await render(html`<au-pay amount="500001" lang="en"></au-pay>`);
    expect(button(el).disabled).to.equal(false);
    el.setAttribute('acquirer', 'antom');
    await el.updateComplete;
    expect(button(el).disabled).to.equal(true);
    const core = checkAmount('500001', 'antom');
    if (core.ok) throw new Error('core accepts this amount through Antom');
    expect(core.messages.en).to.contain('500,000');
    expect(text(message(el))).to.equal(`${en.refused}${core.messages.en}`);
    expect(invalid.map((event) => event.detail.code)).to.deep.equal(['amount_above_maximum']);
    el.amount = '1';
    await el.updateComplete;
    expect(button(el).disabled).to.equal(false);
    expect(text(button(el))).to.equal('Pay ¥1 with au PAY');
  });

  it('refuses a currency other than JPY and an unknown acquirer', async () => {
    const invalid = recordEvents(document, 'au-pay-invalid');
    const usd = await render(html`<au-pay amount="1980" currency="USD" lang="en"></au-pay>`);
    const other = await render(html`<au-pay amount="1980" acquirer="paypal" lang="ja"></au-pay>`);
    expect(button(usd).disabled && button(other).disabled).to.equal(true);
    expect(text(message(usd))).to.equal(en.notSetUp);
    expect(text(message(other))).to.equal(ja.notSetUp);
    expect(invalid.map((event) => event.detail.code)).to.deep.equal([
      'currency_not_supported',
      'acquirer_unknown',
    ]);
    expect(warnings.calls).to.have.length(2);
  });

  it('warns again for a new problem, and enables the button once the amount is right', async () => {
    const invalid = recordEvents(document, 'au-pay-invalid');
    const el = await render(html`<au-pay amount="abc"></au-pay>`);
    el.amount = '1.5';
    await el.updateComplete;
    expect(invalid.map((event) => event.detail.code)).to.deep.equal([
      'amount_not_a_number',
      'amount_not_integer',
    ]);
    el.amount = 1980;
    await el.updateComplete;
    expect(button(el).disabled).to.equal(false);
    el.amount = 'abc';
    await el.updateComplete;
    expect(invalid).to.have.length(3);
    expect(warnings.calls).to.have.length(3);
  });

  it('disabled: the button is disabled whatever the amount', async () => {
    const el = await render(html`<au-pay amount="1980" disabled></au-pay>`);
    expect(button(el).disabled).to.equal(true);
    el.disabled = false;
    await el.updateComplete;
    expect(button(el).disabled).to.equal(false);
  });
});

describe('paying', () => {
  it('posts a form to {bridge}/checkout/{payment} with client_secret, layout and displayed_amount', async () => {
    const payment = newPayment();
    const el = await render(
      html`<au-pay amount="1980" payment=${payment} client-secret="sec_abc" bridge=${bridge} layout="web"></au-pay>`,
    );
    button(el).click();
    const form = await submissions.submitted;
    expect(form.action).to.equal(`${location.origin}/bridge-double/checkout/${payment}`);
    expect(form.method).to.equal('post');
    expect(form.target).to.equal('_self');
    expect(fieldsOf(form)).to.deep.equal({
      client_secret: 'sec_abc',
      layout: 'web',
      displayed_amount: '1980',
    });
    // In the light DOM of the document, where a submission navigates the page.
    expect(form.getRootNode()).to.equal(document);
    expect(form.isConnected).to.equal(true);
    expect(submissions.forms).to.have.length(1);
  });

  it("uses the page's origin when no bridge is set", async () => {
    const fetches = healthyFetch();
    const payment = newPayment();
    const el = await render(
      html`<au-pay amount="300" payment=${payment} client-secret="s"></au-pay>`,
    );
    button(el).click();
    const form = await submissions.submitted;
    expect(fetches.urls).to.deep.equal([`${location.origin}/checkout/${payment}/state`]);
    expect(form.action).to.equal(`${location.origin}/checkout/${payment}`);
  });

  it('reaches a bridge on another origin (CORS) and drops a trailing slash', async () => {
    const payment = newPayment();
    const el = await render(
      html`<au-pay amount="1980" payment=${payment} client-secret="s" bridge=${`${crossOriginBridge()}/`}></au-pay>`,
    );
    button(el).click();
    const form = await submissions.submitted;
    expect(form.action).to.equal(`${crossOriginBridge()}/checkout/${payment}`);
  });

  it('escapes the payment id in the path', async () => {
    const el = await render(
      html`<au-pay amount="1980" payment="pay_a/b c?d" client-secret="s" bridge=${bridge}></au-pay>`,
    );
    button(el).click();
    const form = await submissions.submitted;
    expect(new URL(form.action).pathname).to.equal('/bridge-double/checkout/pay_a%2Fb%20c%3Fd');
  });

  it('sends the resolved layout: wap when asked, and auto in a narrow window', async () => {
    const wap = await render(
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" bridge=${bridge} layout="wap"></au-pay>`,
    );
    button(wap).click();
    expect(fieldsOf(await submissions.submitted).layout).to.equal('wap');

    await setViewport({ width: 400, height: 800 });
    const auto = await render(
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" bridge=${bridge}></au-pay>`,
    );
    button(auto).click();
    await waitUntil(() => submissions.forms.length === 2);
    expect(fieldsOf(submissions.forms[1] as HTMLFormElement).layout).to.equal('wap');
  });

  it('fires a cancelable au-pay-submit with payment, amount and layout', async () => {
    const payment = newPayment();
    const el = await render(payable(payment));
    const submit = nextEvent(document, 'au-pay-submit');
    button(el).click();
    const event = (await submit) as CustomEvent;
    expect(event.detail).to.deep.equal({ payment, amount: 1980, layout: 'web' });
    expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
    await submissions.submitted;
  });

  it('cancelling au-pay-submit keeps the buyer on the page, and the button usable', async () => {
    const fetches = countFetches();
    const el = await render(payable());
    const submits = recordEvents(el, 'au-pay-submit');
    el.addEventListener('au-pay-submit', (event) => event.preventDefault());
    button(el).click();
    await el.updateComplete;
    expect(fetches.urls).to.have.length(0);
    expect(submissions.forms).to.have.length(0);
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    button(el).click();
    expect(submits).to.have.length(2);
  });

  it('shows progress while it checks the bridge', async () => {
    hangFetch();
    const el = await render(
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" lang="en"></au-pay>`,
    );
    expect(el.shadowRoot?.querySelector('[part=button] span')).to.equal(null);
    button(el).click();
    await el.updateComplete;
    expect(button(el).getAttribute('aria-busy')).to.equal('true');
    expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    expect(text(message(el))).to.equal(en.busy);
    expect(el.shadowRoot?.querySelector('[part=button] span')).not.to.equal(null);
  });

  it('really navigates: the bridge receives a POST with the three fields (in an iframe)', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="ja"><body>
      <script type="module" src="/src/au-pay/define.ts"></script>
      <au-pay amount="1980" payment="pay_real" client-secret="sec_real" bridge="/bridge-double" layout="wap"></au-pay>
    </body></html>`;
    const loaded = () =>
      new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const first = loaded();
    document.body.append(frame);
    restores.push(() => frame.remove());
    await first;
    const win = frame.contentWindow as Window & typeof globalThis;
    await win.customElements.whenDefined('au-pay');
    const inner = win.document.querySelector('au-pay') as AuPay;
    await inner.updateComplete;
    const navigated = loaded();
    button(inner).click();
    await navigated;
    const posted = JSON.parse(win.document.getElementById('posted')?.textContent ?? 'null');
    expect(posted).to.deep.equal({
      method: 'POST',
      path: '/bridge-double/checkout/pay_real',
      contentType: 'application/x-www-form-urlencoded',
      fields: { client_secret: 'sec_real', layout: 'wap', displayed_amount: '1980' },
    });
  });
});

describe('no double submission', () => {
  it('a double click submits once and checks the bridge once', async () => {
    const fetches = countFetches();
    const el = await render(
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" bridge=${bridge} lang="en"></au-pay>`,
    );
    const submits = recordEvents(el, 'au-pay-submit', 'au-pay-error');
    button(el).click();
    button(el).click();
    await submissions.submitted;
    button(el).click();
    await el.updateComplete;
    // The later clicks are ignored quietly: no error, still showing progress.
    expect(submits.map((event) => event.type)).to.deep.equal(['au-pay-submit']);
    expect(text(message(el))).to.equal(en.busy);
    expect(fetches.urls).to.have.length(1);
    expect(submissions.forms).to.have.length(1);
  });

  it('Enter held down (key repeat) activates once', async () => {
    const el = await render(payable());
    const submits = recordEvents(el, 'au-pay-submit');
    // Cancelled, so the element does not turn busy: only the key-repeat guard stands.
    el.addEventListener('au-pay-submit', (event) => event.preventDefault());
    button(el).focus();
    await sendKeys({ down: 'Enter' });
    await sendKeys({ down: 'Enter' });
    await sendKeys({ down: 'Enter' });
    await sendKeys({ up: 'Enter' });
    expect(submits).to.have.length(1);
  });

  it('Enter held down on a real submission posts once', async () => {
    const el = await render(payable());
    button(el).focus();
    await sendKeys({ down: 'Enter' });
    await sendKeys({ down: 'Enter' });
    await sendKeys({ up: 'Enter' });
    await submissions.submitted;
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(submissions.forms).to.have.length(1);
  });

  it('two elements for the same payment submit once; the second says why', async () => {
    const payment = newPayment();
    const wrapper = await render(html`<div lang="en">${payable(payment)}${payable(payment)}</div>`);
    const [first, second] = wrapper.querySelectorAll('au-pay') as NodeListOf<AuPay>;
    if (!first || !second) throw new Error('two elements expected');
    const error = nextEvent(second, 'au-pay-error');
    button(first).click();
    button(second).click();
    const event = (await error) as CustomEvent;
    expect(event.detail).to.deep.equal({
      code: 'payment_in_progress',
      message: en.payment_in_progress,
    });
    await submissions.submitted;
    expect(submissions.forms).to.have.length(1);
    expect(text(message(second))).to.equal(en.payment_in_progress);
  });

  it('two elements for different payments both submit', async () => {
    const wrapper = await render(html`<div>${payable()}${payable()}</div>`);
    for (const el of wrapper.querySelectorAll('au-pay')) button(el).click();
    await waitUntil(() => submissions.forms.length === 2);
  });
});

describe('back-forward cache', () => {
  it('is usable again when the buyer comes back with Back (pageshow, persisted)', async () => {
    const payment = newPayment();
    const el = await render(payable(payment));
    button(el).click();
    const form = await submissions.submitted;
    await el.updateComplete;
    expect(button(el).getAttribute('aria-busy')).to.equal('true');

    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await el.updateComplete;
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    expect(form.isConnected).to.equal(false);

    // The payment is no longer in flight: this element and another one may submit it.
    const other = await render(payable(payment));
    button(other).click();
    await waitUntil(() => submissions.forms.length === 2);
  });

  it('stays busy on a pageshow that is not a restore', async () => {
    const el = await render(payable());
    button(el).click();
    await submissions.submitted;
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    await el.updateComplete;
    expect(button(el).getAttribute('aria-busy')).to.equal('true');
  });
});

describe('errors', () => {
  for (const [missing, template] of [
    ['payment_missing', html`<au-pay amount="1980" client-secret="s" lang="ja"></au-pay>`],
    ['client_secret_missing', html`<au-pay amount="1980" payment="pay_x" lang="ja"></au-pay>`],
  ] as const) {
    it(`${missing}: au-pay-error, a message, a button that still works`, async () => {
      const fetches = countFetches();
      const el = await render(template);
      const error = nextEvent(el, 'au-pay-error');
      button(el).click();
      const event = (await error) as CustomEvent;
      expect(event.detail).to.deep.equal({ code: missing, message: ja.notSetUp });
      expect(text(message(el))).to.equal(ja.notSetUp);
      expect(button(el).disabled).to.equal(false);
      expect(fetches.urls).to.have.length(0);

      el.payment = newPayment();
      el.clientSecret = 'sec';
      el.bridge = bridge;
      await el.updateComplete;
      expect(text(message(el))).to.equal(ja.web);
      button(el).click();
      await submissions.submitted;
    });
  }

  for (const [why, url] of [
    ['answers 503', '/bridge-down'],
    ['answers a page instead of JSON', '/bridge-html'],
    ['has no state route (a 404 page)', '/bridge-old'],
    ['refuses the connection', 'http://127.0.0.1:9'],
    ['is not a URL', 'http://['],
  ] as const) {
    it(`bridge_unreachable when the bridge ${why}; the buyer can retry`, async () => {
      const el = await render(
        html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" bridge=${url} lang="en"></au-pay>`,
      );
      const error = nextEvent(el, 'au-pay-error');
      button(el).click();
      const event = (await error) as CustomEvent;
      expect(event.detail).to.deep.equal({
        code: 'bridge_unreachable',
        message: en.bridge_unreachable,
      });
      expect(text(message(el))).to.equal(en.bridge_unreachable);
      expect(button(el).getAttribute('aria-busy')).to.equal('false');
      expect(button(el).disabled).to.equal(false);
      expect(submissions.forms).to.have.length(0);

      el.bridge = bridge;
      await el.updateComplete;
      button(el).click();
      await submissions.submitted;
    });
  }

  it('asks the state with a CORS simple request: a form body with the client secret', async () => {
    const payment = newPayment();
    const asked = new Promise<unknown>((resolve) => {
      const real = window.fetch.bind(window);
      const fetches = replaceFetch(async (url, init) => {
        const response = await real(url, init);
        resolve({ url, init, answer: await response.clone().json() });
        return response;
      });
      restores.push(fetches.restore);
    });
    const el = await render(
      html`<au-pay amount="1980" payment=${payment} client-secret="sec_1" bridge=${bridge}></au-pay>`,
    );
    button(el).click();
    await submissions.submitted;
    const { init, answer } = (await asked) as {
      init: RequestInit;
      answer: { asked: { contentType: string; body: string } };
    };
    expect(init.method).to.equal('POST');
    expect(init.headers).to.equal(undefined);
    expect(answer.asked.contentType).to.match(/^application\/x-www-form-urlencoded/);
    expect(answer.asked.body).to.equal('client_secret=sec_1');
  });

  // The journey of a payment left pending past its limit (e2e: later-in-time, 9): the buyer
  // clicks, the bridge says `expired`, the element says so in place and stays on the page.
  for (const [code, kind, secret, lang, messages] of [
    ['payment_expired', 'expired', 's', 'ja', ja],
    ['payment_expired', 'expired', 's', 'en', en],
    ['payment_closed', 'paid', 's', 'ja', ja],
    ['payment_closed', 'paid', 's', 'en', en],
    ['payment_closed', 'closed', 's', 'en', en],
    ['payment_not_found', 'unknown', 'gone', 'ja', ja],
    ['payment_not_found', 'unknown', 'gone', 'en', en],
  ] as const) {
    it(`${code} (${kind}, ${lang}): says so in place, no navigation; clicked again, asks and says the same`, async () => {
      const fetches = countFetches();
      const payment = `${newPayment()}_${kind}`;
      const el = await render(
        html`<au-pay amount="1980" payment=${payment} client-secret=${secret} bridge=${bridge} lang=${lang}></au-pay>`,
      );
      const errors = recordEvents(el, 'au-pay-error');
      for (const click of [1, 2]) {
        button(el).click();
        await waitUntil(() => errors.length === click, `no au-pay-error for click ${click}`);
        expect(errors[click - 1]?.detail).to.deep.equal({ code, message: messages[code] });
        expect(text(message(el))).to.equal(messages[code]);
        expect(message(el).getAttribute('class')).to.match(/ \S+$/, 'styled as an alert');
        expect(submissions.forms).to.have.length(0);
        // Usable, not busy: a click asks again (the page may have set a new payment meanwhile).
        expect(button(el).disabled).to.equal(false);
        expect(button(el).getAttribute('aria-busy')).to.equal('false');
        expect(fetches.urls).to.have.length(click);
      }
      const warned = warnings.calls.filter((args) => String(args[0]).includes('payment_not_found'));
      if (code !== 'payment_not_found') expect(warned).to.have.length(0);
      else {
        // Once, however many clicks; it names the payment and the bridge, never the secret.
        expect(warned).to.have.length(1);
        expect(String(warned[0])).to.contain(payment).and.contain(location.origin);
        expect(String(warned[0])).not.to.contain('gone');
      }
    });
  }

  it('the expiry message names the expiry in both languages', () => {
    expect(ja.payment_expired).to.contain('有効期限');
    expect(en.payment_expired).to.match(/expired/);
  });

  it('a payment that expired while the page was open, replaced by a new one: the new one is paid', async () => {
    const el = await render(
      html`<au-pay amount="1980" payment=${`${newPayment()}_expired`} client-secret="s" bridge=${bridge} lang="en"></au-pay>`,
    );
    const error = nextEvent(el, 'au-pay-error');
    button(el).click();
    expect(((await error) as CustomEvent).detail.code).to.equal('payment_expired');
    el.payment = newPayment();
    await el.updateComplete;
    expect(text(message(el))).to.equal(en.web);
    button(el).click();
    expect(fieldsOf(await submissions.submitted).client_secret).to.equal('s');
  });

  it('payment_expired from a bridge on another origin: the answer is readable, no preflight needed', async () => {
    const el = await render(
      html`<au-pay amount="1980" payment=${`${newPayment()}_expired`} client-secret="s" bridge=${crossOriginBridge()} lang="ja"></au-pay>`,
    );
    const error = nextEvent(el, 'au-pay-error');
    button(el).click();
    expect(((await error) as CustomEvent).detail.code).to.equal('payment_expired');
    expect(text(message(el))).to.equal(ja.payment_expired);
  });

  it('warns about payment_not_found once per payment, again for another one', async () => {
    const el = await render(
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="gone" bridge=${bridge}></au-pay>`,
    );
    const errors = recordEvents(el, 'au-pay-error');
    for (const click of [1, 2, 3]) {
      if (click === 3) {
        el.payment = newPayment();
        await el.updateComplete;
      }
      button(el).click();
      await waitUntil(() => errors.length === click);
    }
    expect(errors.map((event) => event.detail.code)).to.deep.equal(
      Array(3).fill('payment_not_found'),
    );
    expect(warnings.calls).to.have.length(2);
  });

  for (const [why, answer] of [
    ['200 without `payable` (a health check, say)', () => Response.json({ ok: true })],
    ['200 with `null`', () => Response.json(null)],
    ['200 with `payable` as a string', () => Response.json({ status: 'pending', payable: 'yes' })],
    [
      '404 with another error code',
      () => Response.json({ error: { code: 'route_not_found' } }, { status: 404 }),
    ],
    ['404 with a text body', () => new Response('Not Found', { status: 404 })],
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch'))],
  ] as const) {
    it(`bridge_unreachable on ${why}: nothing posted, no warning`, async () => {
      const fetches = replaceFetch(async () => answer());
      restores.push(fetches.restore);
      const el = await render(
        html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" bridge=${bridge} lang="ja"></au-pay>`,
      );
      const error = nextEvent(el, 'au-pay-error');
      button(el).click();
      expect(((await error) as CustomEvent).detail).to.deep.equal({
        code: 'bridge_unreachable',
        message: ja.bridge_unreachable,
      });
      expect(submissions.forms).to.have.length(0);
      expect(warnings.calls).to.have.length(0);
      expect(button(el).getAttribute('aria-busy')).to.equal('false');
    });
  }

  it('bridge_unreachable when the bridge does not answer in time', async () => {
    AuPay.bridgeTimeout = 300;
    const el = await render(
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" bridge="/bridge-slow"></au-pay>`,
    );
    const started = performance.now();
    const error = nextEvent(el, 'au-pay-error');
    button(el).click();
    expect(((await error) as CustomEvent).detail.code).to.equal('bridge_unreachable');
    expect(performance.now() - started).to.be.below(2000);
  });
});

/** WCAG relative luminance contrast of two computed `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => {
      const c = Number(part) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('accessibility', () => {
  const states = {
    idle: () => html`<au-pay amount="1980" payment=${newPayment()} client-secret="s"></au-pay>`,
    invalid: () => html`<au-pay amount="1.5"></au-pay>`,
    busy: () => html`<au-pay amount="1980" payment=${newPayment()} client-secret="s"></au-pay>`,
    error: () =>
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="s" bridge="/bridge-down"></au-pay>`,
    expired: () =>
      html`<au-pay amount="1980" payment=${`${newPayment()}_expired`} client-secret="s" bridge=${bridge}></au-pay>`,
  };

  for (const scheme of ['light', 'dark'] as const) {
    for (const layout of ['web', 'wap'] as const) {
      for (const [state, template] of Object.entries(states)) {
        it(`axe finds nothing: ${state}, ${layout}, ${scheme}`, async () => {
          await emulateMedia({ colorScheme: scheme });
          if (scheme === 'dark') {
            document.body.style.cssText = 'background: #121212; color: #eee';
            restores.push(() => {
              document.body.style.cssText = '';
            });
          }
          if (state === 'busy') hangFetch();
          const el = await render(template());
          el.layout = layout;
          await el.updateComplete;
          if (state !== 'idle' && state !== 'invalid') {
            const settled = state === 'busy' ? Promise.resolve() : nextEvent(el, 'au-pay-error');
            button(el).click();
            await settled;
            await el.updateComplete;
            expect(button(el).getAttribute('aria-busy')).to.equal(String(state === 'busy'));
          }
          expect(await axeViolations(el)).to.deep.equal([]);
        });
      }
    }
  }

  it('a real button, described by the message in the same shadow root', async () => {
    const el = await render(html`<au-pay amount="1980"></au-pay>`);
    const b = button(el);
    expect(b.localName).to.equal('button');
    expect(b.type).to.equal('button');
    const described = el.shadowRoot?.getElementById(b.getAttribute('aria-describedby') ?? '');
    expect(described).to.equal(message(el));
    expect(message(el).getAttribute('aria-live')).to.equal('polite');
  });

  it('is operable by keyboard, with a visible focus ring', async () => {
    const el = await render(payable());
    const submits = recordEvents(el, 'au-pay-submit');
    el.addEventListener('au-pay-submit', (event) => event.preventDefault());
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    restores.push(() => before.remove());
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot?.activeElement).to.equal(button(el));
    const ring = getComputedStyle(button(el));
    expect(ring.outlineStyle).to.equal('solid');
    expect(ring.outlineWidth).to.equal('3px');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(submits).to.have.length(2);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`text contrast is at least 4.5:1 on the button and in alerts (${scheme})`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const el = await render(html`<au-pay amount="1980"></au-pay>`);
      const b = getComputedStyle(button(el));
      expect(contrast(b.color, b.backgroundColor)).to.be.at.least(4.5);
      el.amount = 'abc';
      await el.updateComplete;
      const m = getComputedStyle(message(el));
      expect(contrast(m.color, m.backgroundColor)).to.be.at.least(4.5);
    });
  }

  it('spins while busy, and keeps still when the buyer prefers reduced motion', async () => {
    hangFetch();
    const el = await render(
      html`<au-pay amount="1980" payment=${newPayment()} client-secret="s"></au-pay>`,
    );
    button(el).click();
    await el.updateComplete;
    const spinner = el.shadowRoot?.querySelector('[part=button] span') as HTMLElement;
    expect(getComputedStyle(spinner).animationName).not.to.equal('none');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(spinner).animationName).to.equal('none');
  });
});

describe('theming', () => {
  const background = (el: AuPay) => getComputedStyle(button(el)).backgroundColor;

  it('au orange in the light theme, a brighter orange in the dark one', async () => {
    const el = await render(html`<au-pay amount="1980"></au-pay>`);
    expect(background(el)).to.equal('rgb(200, 74, 0)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(el)).to.equal('rgb(255, 122, 38)');
    expect(getComputedStyle(button(el)).color).to.equal('rgb(26, 10, 0)');
  });

  it('theme="light" and theme="dark" override the system preference', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const light = await render(html`<au-pay amount="1980" theme="light"></au-pay>`);
    expect(background(light)).to.equal('rgb(200, 74, 0)');
    await emulateMedia({ colorScheme: 'light' });
    const dark = await render(html`<au-pay amount="1980" theme="dark"></au-pay>`);
    expect(background(dark)).to.equal('rgb(255, 122, 38)');
  });

  it('takes --au-pay-* custom properties and ::part() styles from the page', async () => {
    const style = document.createElement('style');
    style.textContent = `
      au-pay.custom { --au-pay-color-brand: rgb(0, 90, 0); --au-pay-radius: 0px; }
      au-pay.custom::part(message) { font-style: italic; }
      au-pay.custom::part(button) { letter-spacing: 2px; }`;
    document.head.append(style);
    restores.push(() => style.remove());
    const el = await render(html`<au-pay class="custom" amount="1980"></au-pay>`);
    const b = getComputedStyle(button(el));
    expect(b.backgroundColor).to.equal('rgb(0, 90, 0)');
    expect(b.borderTopLeftRadius).to.equal('0px');
    expect(b.letterSpacing).to.equal('2px');
    expect(getComputedStyle(message(el)).fontStyle).to.equal('italic');
  });

  it('keeps its styles in its shadow root: nothing leaks into the page', async () => {
    const el = await render(html`<au-pay amount="1980"></au-pay>`);
    const sheets = el.shadowRoot?.adoptedStyleSheets ?? [];
    expect(sheets).to.have.length(1);
    const classes = button(el).className.split(' ').filter(Boolean);
    expect(classes).to.have.length.above(0);
    const pageCss = [...document.styleSheets]
      .flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText))
      .join('\n');
    for (const name of classes) expect(pageCss).not.to.contain(name);
    const shadowCss = [...(sheets[0]?.cssRules ?? [])].map((rule) => rule.cssText).join('\n');
    for (const name of classes) expect(shadowCss).to.contain(name);
  });
});
