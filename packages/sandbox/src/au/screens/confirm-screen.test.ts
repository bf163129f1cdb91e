import { describe, expect, it } from 'vitest';
import { type Page, TestMerchant } from '../../testing/index.js';
import { merchantForEachTest } from '../../testing/merchant-per-test.js';

// The au confirmation screen says what the buyer agrees to when a request starts a subscription
// (spec/sbps-au.md §4 tabs pay_type 1 and 2: the item name must say what is sold and when it is
// billed; §7 D01-1; §14), in Japanese and English, in the Web and WAP layouts.

let shop: TestMerchant;
merchantForEachTest(TestMerchant.start, (merchant) => {
  shop = merchant;
});

const LAYOUTS = ['web', 'wap'] as const;
const D01_1 = { endpoint: 'FepPayInfoReceive.do' } as const;

/** The confirmation screen in `layout`, then the same screen in English. */
async function confirmScreens(
  pairs: Array<[string, string]>,
  layout: 'web' | 'wap',
  endpoint?: 'FepPayInfoReceive.do',
): Promise<{ ja: Page; en: Page }> {
  const ja = await shop.toConfirm('success@au.example', pairs, {
    layout,
    ...(endpoint ? { endpoint } : {}),
  });
  expect(ja.html).toContain(`<body class="layout-${layout}">`);
  const en = await shop.get(`${ja.url}?lang=en`);
  expect(en.html).toContain(`<body class="layout-${layout}">`);
  return { ja, en };
}

describe.each(LAYOUTS)('the confirmation screen (%s layout)', (layout) => {
  it('monthly (A01-1 pay_type=1): the price, the 1st of each month, the first month now', async () => {
    const { ja, en } = await confirmScreens(
      shop.purchaseRequest({ billing: 'recurring_simple', amount: 980, itemName: '月額プラン' }),
      layout,
    );
    expect(ja.html).toContain('<h1>継続課金のお申し込み</h1>');
    expect(ja.html).toContain('<dd>月額プラン</dd>');
    expect(ja.html).toContain('<dd>毎月1日に 980円（初月はお申し込み時）</dd>');
    expect(ja.html).toContain('>申し込む</button>');
    expect(ja.html).not.toContain('お支払い金額');
    expect(en.html).toContain('<dd>¥980 on the 1st of each month (the first month now)</dd>');
    expect(en.html).toContain('>Subscribe</button>');
  });

  it('on demand with a first charge (A01-1 pay_type=2): how it is billed, 365 days, the amount now', async () => {
    const { ja, en } = await confirmScreens(
      shop.purchaseRequest({ billing: 'recurring_fixed_term', amount: 1100, itemName: '都度課金' }),
      layout,
    );
    expect(ja.html).toContain('<dd>都度課金</dd>');
    expect(ja.html).toContain(
      '<dd>ご利用の都度ご請求します。最後のご請求から 365 日で契約は終了します</dd>',
    );
    expect(ja.html).toContain('<dt>今回のご請求</dt><dd>1,100円</dd>');
    expect(en.html).toContain(
      '<dd>Charged when you use the service; the contract ends 365 days after the last charge</dd>',
    );
    expect(en.html).toContain('<dt>Charged now</dt><dd>¥1,100</dd>');
  });

  it('on demand without a charge (D01-1 application): no amount at all', async () => {
    const { ja, en } = await confirmScreens(shop.applicationRequest(), layout, D01_1.endpoint);
    expect(ja.html).toContain('<dd>都度課金プラン</dd>');
    expect(ja.html).toContain('最後のご請求から 365 日で契約は終了します');
    expect(ja.html).not.toContain('今回のご請求');
    expect(ja.html).not.toMatch(/\d円/);
    expect(en.html).toContain('Charged when you use the service');
    expect(en.html).not.toContain('¥');
  });

  it('a monthly cancellation (A01-1 service_type=1) says what ends', async () => {
    const page = await shop.pay(
      'success@au.example',
      shop.purchaseRequest({ billing: 'recurring_simple', amount: 980 }),
    );
    const contract = /name="res_tracking_id" value="(\d{14})"/.exec(page.html)?.[1] ?? '';
    const { ja, en } = await confirmScreens(
      shop.purchaseRequest({ billing: 'recurring_simple', cancelTrackingId: contract }),
      layout,
    );
    expect(ja.html).toContain('<h1>継続課金の解約</h1>');
    expect(ja.html).toContain(
      '<dt>解約する契約</dt><dd>月額の継続課金（毎月1日のご請求）。次回以降のご請求は停止します</dd>',
    );
    expect(en.html).toContain(
      '<dt>Cancelling</dt><dd>Monthly subscription (billed on the 1st of each month); no further charges</dd>',
    );
  });

  it('an on-demand cancellation (D01-1 service_type=1) says what ends', async () => {
    const page = await shop.apply();
    const contract = /name="res_tracking_id" value="(\d{14})"/.exec(page.html)?.[1] ?? '';
    const { ja, en } = await confirmScreens(
      shop.applicationRequest({ action: 'cancel', trackingId: contract }),
      layout,
      D01_1.endpoint,
    );
    expect(ja.html).toContain('<h1>継続課金の解約</h1>');
    expect(ja.html).toContain('<dd>都度課金の契約（ご利用の都度のご請求）');
    expect(en.html).toContain('<dd>Pay-as-you-go contract (charged when you use the service)');
  });
});

it('a one-time purchase shows the amount, no subscription terms', async () => {
  const page = await shop.toConfirm('success@au.example', shop.purchaseRequest({ amount: 1100 }));
  expect(page.html).toContain('<dt>お支払い金額</dt><dd>1,100円</dd>');
  expect(page.html).not.toContain('ご請求');
});
