// <au-pay subscription="sub_…" kind="…">: the element starting a subscription (issue #14,
// DESIGN "widget"). The same guards and the same two requests as a payment, against the same
// bridge double (test/bridge-double.js answers `sub_…` ids in a subscription's words).
import { expect, html, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import { en } from '../i18n/en.js';
import { ja } from '../i18n/ja.js';
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

// Subscriptions in flight are remembered for the whole page, so every test starts its own.
let serial = 0;
const newSubscription = () => `sub_test${++serial}`;

let submissions: ReturnType<typeof interceptSubmissions>;
let warnings: ReturnType<typeof watchWarnings>;
const restores: (() => void)[] = [];

beforeEach(() => {
  submissions = interceptSubmissions();
  warnings = watchWarnings();
});

afterEach(() => {
  submissions.restore();
  warnings.restore();
  for (const restore of restores.splice(0)) restore();
  for (const form of document.querySelectorAll('body > form')) form.remove();
});

/** Records the URLs the element fetches (the requests still go out). */
function countFetches() {
  const real = window.fetch.bind(window);
  const fetches = replaceFetch((url, init) => real(url, init));
  restores.push(fetches.restore);
  return fetches;
}

describe('subscription labels', () => {
  for (const [lang, label] of [
    ['ja', '月額 980円を au PAY で申し込む'],
    ['en', 'Subscribe for ¥980 a month with au PAY'],
  ] as const) {
    it(`monthly in ${lang}: the monthly price on the button`, async () => {
      const el = await render(
        html`<au-pay subscription=${newSubscription()} client-secret="s" kind="monthly" amount="980" lang=${lang} layout="web"></au-pay>`,
      );
      expect(text(button(el))).to.equal(label);
      expect(button(el).disabled).to.equal(false);
      expect(text(message(el))).to.equal((lang === 'ja' ? ja : en).web);
    });
  }

  for (const [lang, amount, label] of [
    ['ja', undefined, 'au PAY の継続課金に申し込む'],
    ['en', undefined, 'Sign up for pay-as-you-go billing with au PAY'],
    ['ja', '500', 'au PAY の継続課金に申し込む（初回 500円）'],
    ['en', '500', 'Sign up for pay-as-you-go billing with au PAY (first charge ¥500)'],
  ] as const) {
    it(`on_demand in ${lang}, ${amount ? 'with a first charge: it is named' : 'without a charge: no amount needed'}`, async () => {
      const el = await render(
        html`<au-pay subscription=${newSubscription()} client-secret="s" kind="on_demand" amount=${amount ?? nothing} lang=${lang}></au-pay>`,
      );
      expect(text(button(el))).to.equal(label);
      expect(button(el).disabled).to.equal(false);
    });
  }

  it('kind set before the subscription id arrives: already a subscription button', async () => {
    const el = await render(html`<au-pay kind="monthly" amount="980" lang="en"></au-pay>`);
    expect(text(button(el))).to.equal('Subscribe for ¥980 a month with au PAY');
    const error = nextEvent(el, 'au-pay-error');
    button(el).click();
    expect(((await error) as CustomEvent).detail).to.deep.equal({
      code: 'subscription_missing',
      message: en.notSetUp,
    });
  });
});

describe('subscription guards', () => {
  it('payment and subscription both set: refused, disabled, one warning naming both; fixed by removing one', async () => {
    const el = await render(
      html`<au-pay payment="pay_1" subscription=${newSubscription()} client-secret="s" kind="monthly" amount="980" lang="en" bridge=${bridge}></au-pay>`,
    );
    // The first au-pay-invalid fired before a listener could be added: render again to see one.
    expect(button(el).disabled).to.equal(true);
    expect(text(message(el))).to.equal(en.notSetUp);
    expect(text(button(el))).to.equal('Subscribe with au PAY');
    const warned = warnings.calls.filter((args) =>
      String(args[0]).includes('payment_and_subscription'),
    );
    expect(warned).to.have.length(1);
    expect(String(warned[0]?.[1])).to.contain('`payment`').and.contain('`subscription`');

    el.removeAttribute('payment');
    await el.updateComplete;
    expect(button(el).disabled).to.equal(false);
    expect(text(button(el))).to.equal('Subscribe for ¥980 a month with au PAY');
    button(el).click();
    const form = await submissions.submitted;
    expect(form.action).to.match(/\/bridge-double\/checkout\/sub_test\d+$/);
  });

  it('payment_and_subscription is an au-pay-invalid event, once', async () => {
    const el = await render(html`<au-pay amount="980" lang="ja"></au-pay>`);
    const events = recordEvents(el, 'au-pay-invalid');
    el.payment = 'pay_1';
    el.subscription = newSubscription();
    el.kind = 'monthly';
    await el.updateComplete;
    el.clientSecret = 's';
    await el.updateComplete;
    expect(events.map((event) => event.detail)).to.deep.equal([
      { code: 'payment_and_subscription', message: ja.notSetUp, value: '980' },
    ]);
  });

  for (const [why, kind] of [
    ['missing', undefined],
    ['misspelt', 'yearly'],
  ] as const) {
    it(`kind ${why}: kind_unknown, disabled, one warning`, async () => {
      const el = await render(html`<au-pay amount="980" lang="en"></au-pay>`);
      const events = recordEvents(el, 'au-pay-invalid');
      el.subscription = newSubscription();
      if (kind) el.setAttribute('kind', kind);
      await el.updateComplete;
      expect(events.map((event) => event.detail.code)).to.deep.equal(['kind_unknown']);
      expect(button(el).disabled).to.equal(true);
      expect(text(message(el))).to.equal(en.notSetUp);
      expect(
        warnings.calls.filter((args) => String(args[0]).includes('kind_unknown')),
      ).to.have.length(1);
    });
  }

  for (const [kind, amount, code] of [
    ['monthly', undefined, 'amount_missing'],
    ['monthly', 1.5, 'amount_not_integer'],
    ['monthly', 0, 'amount_below_minimum'],
    ['on_demand', -5, 'amount_negative'],
  ] as const) {
    it(`${kind} with amount ${amount ?? '(none)'}: ${code}, disabled`, async () => {
      // Starts as a payable button, so that the refusal is a new problem with its own event.
      const el = await render(html`<au-pay amount="1" lang="en"></au-pay>`);
      const invalid = recordEvents(el, 'au-pay-invalid');
      el.subscription = newSubscription();
      el.kind = kind;
      el.amount = amount;
      await el.updateComplete;
      expect(invalid.map((event) => event.detail.code)).to.deep.equal([code]);
      expect(button(el).disabled).to.equal(true);
      expect(text(message(el))).to.match(/^Payment unavailable\. /);
    });
  }

  it('client_secret_missing: au-pay-error, nothing asked', async () => {
    const fetches = countFetches();
    const el = await render(
      html`<au-pay subscription=${newSubscription()} kind="monthly" amount="980" lang="ja" bridge=${bridge}></au-pay>`,
    );
    const error = nextEvent(el, 'au-pay-error');
    button(el).click();
    expect(((await error) as CustomEvent).detail).to.deep.equal({
      code: 'client_secret_missing',
      message: ja.notSetUp,
    });
    expect(fetches.urls).to.have.length(0);
  });

  it('two elements for the same subscription submit once; the second says why', async () => {
    const subscription = newSubscription();
    const fetches = countFetches();
    const first = await render(
      html`<au-pay subscription=${subscription} client-secret="s" kind="monthly" amount="980" bridge=${bridge}></au-pay>`,
    );
    const second = await render(
      html`<au-pay subscription=${subscription} client-secret="s" kind="monthly" amount="980" bridge=${bridge} lang="en"></au-pay>`,
    );
    const error = nextEvent(second, 'au-pay-error');
    button(first).click();
    button(second).click();
    expect(((await error) as CustomEvent).detail).to.deep.equal({
      code: 'subscription_in_progress',
      message: en.subscription_in_progress,
    });
    await submissions.submitted;
    expect(submissions.forms).to.have.length(1);
    expect(fetches.urls).to.have.length(1);
  });
});

describe('subscribing', () => {
  it('monthly: asks /checkout/sub_…/state, then posts to /checkout/sub_… with the price shown', async () => {
    const subscription = newSubscription();
    const fetches = countFetches();
    const el = await render(
      html`<au-pay subscription=${subscription} client-secret="sec_sub" kind="monthly" amount="980" bridge=${crossOriginBridge()} layout="wap"></au-pay>`,
    );
    const submit = nextEvent(el, 'au-pay-submit');
    button(el).click();
    expect(((await submit) as CustomEvent).detail).to.deep.equal({
      subscription,
      kind: 'monthly',
      amount: 980,
      layout: 'wap',
    });
    const form = await submissions.submitted;
    expect(fetches.urls).to.deep.equal([`${crossOriginBridge()}/checkout/${subscription}/state`]);
    expect(form.action).to.equal(`${crossOriginBridge()}/checkout/${subscription}`);
    expect(form.method).to.equal('post');
    expect(fieldsOf(form)).to.deep.equal({
      client_secret: 'sec_sub',
      layout: 'wap',
      displayed_amount: '980',
    });
  });

  it('on_demand without a first charge: no amount in the event, none posted', async () => {
    const subscription = newSubscription();
    const el = await render(
      html`<au-pay subscription=${subscription} client-secret="s" kind="on_demand" bridge=${bridge} layout="web"></au-pay>`,
    );
    const submit = nextEvent(el, 'au-pay-submit');
    button(el).click();
    expect(((await submit) as CustomEvent).detail).to.deep.equal({
      subscription,
      kind: 'on_demand',
      amount: undefined,
      layout: 'web',
    });
    expect(fieldsOf(await submissions.submitted)).to.deep.equal({
      client_secret: 's',
      layout: 'web',
    });
  });

  it('on_demand with a first charge posts it as the amount shown', async () => {
    const el = await render(
      html`<au-pay subscription=${newSubscription()} client-secret="s" kind="on_demand" amount="500" bridge=${bridge} layout="web"></au-pay>`,
    );
    button(el).click();
    expect(fieldsOf(await submissions.submitted).displayed_amount).to.equal('500');
  });

  it('cancelling au-pay-submit keeps the buyer on the page', async () => {
    const el = await render(
      html`<au-pay subscription=${newSubscription()} client-secret="s" kind="monthly" amount="980" bridge=${bridge}></au-pay>`,
    );
    el.addEventListener('au-pay-submit', (event) => event.preventDefault(), { once: true });
    button(el).click();
    await el.updateComplete;
    expect(submissions.forms).to.have.length(0);
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
  });

  // Each answer of the bridge's state route for a subscription that cannot be consented to.
  for (const [code, idPart, secret, lang, messages] of [
    ['subscription_expired', 'expired', 's', 'ja', ja],
    ['subscription_expired', 'expired', 's', 'en', en],
    ['subscription_closed', 'paid', 's', 'ja', ja],
    ['subscription_closed', 'closed', 's', 'en', en],
    ['subscription_not_found', 'unknown', 'gone', 'ja', ja],
    ['subscription_not_found', 'unknown', 'gone', 'en', en],
  ] as const) {
    it(`${code} (${idPart}, ${lang}): said in place, no navigation, the button still usable`, async () => {
      const subscription = `${newSubscription()}_${idPart}`;
      const el = await render(
        html`<au-pay subscription=${subscription} client-secret=${secret} kind="monthly" amount="980" bridge=${bridge} lang=${lang}></au-pay>`,
      );
      const errors = recordEvents(el, 'au-pay-error');
      for (const click of [1, 2]) {
        button(el).click();
        await waitUntil(() => errors.length === click, `no au-pay-error for click ${click}`);
        expect(errors[click - 1]?.detail).to.deep.equal({ code, message: messages[code] });
      }
      expect(text(message(el))).to.equal(messages[code]);
      expect(submissions.forms).to.have.length(0);
      expect(button(el).disabled).to.equal(false);
      const warned = warnings.calls.filter((args) => String(args[0]).includes('_not_found'));
      if (code !== 'subscription_not_found') expect(warned).to.have.length(0);
      else {
        // Once for two clicks; it names the subscription and its API, never the secret.
        expect(warned).to.have.length(1);
        expect(warned[0]?.join(' '))
          .to.contain(subscription)
          .and.contain('POST /v1/subscriptions')
          .and.not.contain('gone');
      }
    });
  }

  it('the bridge answering payment_not_found for a subscription id is not trusted: bridge_unreachable', async () => {
    const fetches = replaceFetch(async () =>
      Response.json({ error: { code: 'payment_not_found' } }, { status: 404 }),
    );
    restores.push(fetches.restore);
    const el = await render(
      html`<au-pay subscription=${newSubscription()} client-secret="s" kind="monthly" amount="980" bridge=${bridge}></au-pay>`,
    );
    const error = nextEvent(el, 'au-pay-error');
    button(el).click();
    expect(((await error) as CustomEvent).detail.code).to.equal('bridge_unreachable');
  });

  it('an expired sign-up replaced by a new subscription (a resume gives a new secret): the new one is posted', async () => {
    const el = await render(
      html`<au-pay subscription=${`${newSubscription()}_expired`} client-secret="s" kind="on_demand" bridge=${bridge} lang="en"></au-pay>`,
    );
    const error = nextEvent(el, 'au-pay-error');
    button(el).click();
    expect(((await error) as CustomEvent).detail.code).to.equal('subscription_expired');
    const fresh = newSubscription();
    el.subscription = fresh;
    el.clientSecret = 's2';
    await el.updateComplete;
    expect(text(message(el))).not.to.equal(en.subscription_expired);
    button(el).click();
    const form = await submissions.submitted;
    expect(form.action).to.match(new RegExp(`/checkout/${fresh}$`));
    expect(fieldsOf(form).client_secret).to.equal('s2');
  });
});

describe('subscription accessibility', () => {
  const states = {
    monthly: () =>
      html`<au-pay subscription=${newSubscription()} client-secret="s" kind="monthly" amount="980"></au-pay>`,
    'on-demand': () =>
      html`<au-pay subscription=${newSubscription()} client-secret="s" kind="on_demand"></au-pay>`,
    'both set': () =>
      html`<au-pay payment="pay_1" subscription=${newSubscription()} kind="monthly" amount="980"></au-pay>`,
    expired: () =>
      html`<au-pay subscription=${`${newSubscription()}_expired`} client-secret="s" kind="monthly" amount="980" bridge=${bridge}></au-pay>`,
  };
  for (const layout of ['web', 'wap'] as const) {
    for (const [state, template] of Object.entries(states)) {
      it(`axe finds nothing: ${state}, ${layout}`, async () => {
        const el = await render(template());
        el.layout = layout;
        await el.updateComplete;
        if (state === 'expired') {
          const error = nextEvent(el, 'au-pay-error');
          button(el).click();
          await error;
          await el.updateComplete;
        }
        expect(await axeViolations(el)).to.deep.equal([]);
      });
    }
  }
});
