/**
 * The test browser: a small browser that goes through the sandbox journey over real HTTP. Against
 * a bridge it posts the widget's checkout form, lets the purchase page carry the signed A01-1 to
 * the emulated SBPS, types the au ID and password, the 6-digit code and the 4-digit PIN on the au
 * screens, auto-posts the result page back to the bridge, and stops where the bridge sends it to
 * the shop's `returnUrl`. The test merchant (test-merchant.ts) browses the emulator with it too.
 * Every page it sees is recorded and named, so a test can say which screens a scenario went
 * through.
 */
import { decodeShiftJis, encodeSbpsForm } from '@au-pay/core/sbps';

/** What a page is, read off its URL and content. */
export type ScreenName =
  /** The bridge's auto-post page that carries the signed purchase request (A01-1). */
  | 'checkout'
  /** au screen 1: au ID and password. */
  | 'login'
  /** au screen 2: the 6-digit code sent by SMS. */
  | 'code'
  /** au screen 3: the purchase and the 4-digit PIN. */
  | 'confirm'
  /** SBPS's auto-post page that carries the result (A03-1) back, or Antom's GET redirect page. */
  | 'return'
  /** SBPS refused the purchase request or recurring application (error page, 400). */
  | 'sbps_error'
  /** The au side's error screen: unknown, superseded or finished session. */
  | 'au_error'
  /** Somewhere the bridge sent the buyer off its own origin: the shop's `returnUrl`. */
  | 'shop'
  | 'other';

export interface Page {
  readonly name: ScreenName;
  /** The URL the page was served at (for `shop`: where the bridge redirected to; not fetched). */
  readonly url: string;
  /** The HTTP status (for `shop`: the status of the redirect that sent the buyer there). */
  readonly status: number;
  /** The response headers (for `shop`: those of the redirect). */
  readonly headers: Headers;
  /** The body, decoded from Shift_JIS when the page says so. */
  readonly html: string;
}

/** A form as a browser would submit it. */
export interface HtmlForm {
  /** Absolute. */
  readonly action: string;
  /** From `accept-charset`: the purchase and result pages post Shift_JIS, the au screens UTF-8. */
  readonly charset: 'Shift_JIS' | 'UTF-8';
  /** The hidden inputs, in page order. */
  readonly fields: Array<[string, string]>;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** The text a browser reads from an attribute value or text that `escapeHtml` (core) wrote. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

const attribute = (tag: string, name: string): string | undefined => {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? undefined : unescapeHtml(value);
};

/**
 * The form of `page` whose `id` or (relative) `action` is `which`, or the first form; throws with
 * the page's beginning when there is none.
 */
export function readForm(page: Pick<Page, 'url' | 'html'>, which?: string): HtmlForm {
  for (const match of page.html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)) {
    const [, tag = '', content = ''] = match;
    const action = attribute(tag, 'action') ?? '';
    if (which !== undefined && attribute(tag, 'id') !== which && action !== which) continue;
    const fields = [
      ...content.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g),
    ].map((input): [string, string] => [
      unescapeHtml(input[1] ?? ''),
      unescapeHtml(input[2] ?? ''),
    ]);
    return {
      action: new URL(action, page.url).href,
      charset: /shift_jis/i.test(attribute(tag, 'accept-charset') ?? '') ? 'Shift_JIS' : 'UTF-8',
      fields,
    };
  }
  throw new Error(`No form ${which ?? '(any)'} on ${page.url}:\n${page.html.slice(0, 1500)}`);
}

/** The code the sandbox shows on the code screen (where a phone would get an SMS). */
export function sandboxCode(page: Page): string {
  const code = /<strong>(\d{6})<\/strong>/.exec(page.html)?.[1];
  if (!code) throw new Error(`No sandbox code on ${page.url}:\n${page.html.slice(0, 1500)}`);
  return code;
}

/** How the buyer gets through the au screens. */
export interface PayOptions {
  /** Chooses the sandbox scenario (au/scenarios.ts); default `success@au.example`. */
  readonly auId?: string;
  readonly password?: string;
  readonly pin?: string;
  readonly layout?: 'web' | 'wap';
  /** Press the cancel button on this au screen instead of going on. */
  readonly cancelAt?: 'login' | 'code' | 'confirm';
}

/** What one `pay` saw. */
export interface Journey {
  /** The names of the pages, in order: `checkout`, `login`, `code`, `confirm`, `return`, `shop`. */
  readonly screens: ScreenName[];
  readonly pages: Page[];
  /** The result page SBPS showed and its auto-post form (A03-1) to the bridge. */
  readonly returnPage: Page;
  readonly returnForm: HtmlForm;
  /** The result fields the browser carried back, by name. */
  readonly result: Record<string, string>;
  /** Where the bridge sent the buyer: the shop's `returnUrl` with `payment`, `status`, `result`. */
  readonly landedAt: URL;
}

/** What one `payFrom` saw. */
export interface RedirectJourney {
  /** The names of the pages, in order: `login`, `code`, `confirm`, `return`, then the landing. */
  readonly screens: ScreenName[];
  readonly pages: Page[];
  /** The page that sends the browser back (GET, no fields). */
  readonly returnPage: Page;
  /** Where it sends the browser: the merchant's redirect URL, unchanged. */
  readonly landedAt: URL;
  /** The page found there (`shop` when off the sandbox's origin, then not fetched). */
  readonly landed: Page;
}

const AU_SCREEN = /\/au\/[^/]+\/(login|code|confirm)$/;

/** A desktop Chrome: the au screens choose their `web` layout for it. */
export const DESKTOP_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
/** An iPhone: the au screens choose their `wap` layout for it. */
export const PHONE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

/**
 * A buyer's browser against one bridge (or the test merchant). Follows redirects on the origin of
 * `bridgeUrl` (the bridge and its emulated SBPS) like a browser; a redirect to any other origin is
 * where the buyer lands, and is recorded without being fetched (the shop is not running in these
 * tests).
 */
export class SandboxBuyer {
  readonly pages: Page[] = [];
  readonly #origin: string;
  readonly #userAgent: string;

  constructor(
    readonly bridgeUrl: string,
    options: { readonly userAgent?: string } = {},
  ) {
    this.#origin = new URL(bridgeUrl).origin;
    this.#userAgent = options.userAgent ?? DESKTOP_USER_AGENT;
  }

  get screens(): ScreenName[] {
    return this.pages.map((page) => page.name);
  }

  /** The latest page. */
  get page(): Page {
    const page = this.pages.at(-1);
    if (!page) throw new Error('The buyer has not opened any page yet');
    return page;
  }

  /** Posts the widget's checkout form (`client_secret`, `layout`) to the bridge. */
  checkout(
    payment: { readonly id: string; readonly clientSecret: string },
    layout: 'web' | 'wap' = 'web',
  ): Promise<Page> {
    return this.browse(`${this.bridgeUrl}/checkout/${payment.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: payment.clientSecret, layout }).toString(),
    });
  }

  /** Submits `form` with its hidden fields and `fields`, encoded in the form's charset. */
  submit(form: HtmlForm, fields: Record<string, string> = {}): Promise<Page> {
    const pairs: Array<[string, string]> = [...form.fields, ...Object.entries(fields)];
    return this.browse(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body:
        form.charset === 'Shift_JIS'
          ? encodeSbpsForm(pairs)
          : new URLSearchParams(pairs).toString(),
    });
  }

  /** Fills in and submits the form of the current page whose action is `action`. */
  fill(action: 'login' | 'code' | 'confirm' | 'cancel', fields: Record<string, string> = {}) {
    return this.submit(readForm(this.page, action), fields);
  }

  /**
   * Checkout → au ID and password → code → PIN → result page → back to the shop. `payment` is a
   * payment (`pay_…`) or a subscription (`sub_…`): the bridge's page auto-posts an A01-1 or a
   * D01-1 alike. Subscription scenarios: `MONTHLY_FAILURE_AU_ID` as `auId`.
   */
  async pay(
    payment: { readonly id: string; readonly clientSecret: string },
    options: PayOptions = {},
  ): Promise<Journey> {
    const first = this.pages.length;
    this.expect(await this.checkout(payment, options.layout), 'checkout');
    this.expect(await this.submit(readForm(this.page, 'au-pay-purchase')), 'login');
    return this.#throughSbpsResult(first, options);
  }

  /**
   * Starts where a merchant's auto-post page would send the buyer: posts `redirect.params` in
   * order, values unchanged, to `redirect.url` (NomuPay's `nextStep.redirect`, spec/nomupay-au.md
   * §5.3), then goes through the au screens and the result page back to the shop as `pay` does.
   */
  async payRedirect(
    redirect: {
      readonly method: string;
      readonly url: string;
      readonly params: ReadonlyArray<{ readonly name: string; readonly value: string }>;
    },
    options: PayOptions = {},
  ): Promise<Journey> {
    if (redirect.method.toLowerCase() !== 'post') {
      throw new Error(`nextStep.redirect.method is ${redirect.method}, not post`);
    }
    const first = this.pages.length;
    const url = new URL(redirect.url);
    if (options.layout) url.searchParams.set('layout', options.layout);
    const form: HtmlForm = {
      action: url.href,
      charset: 'UTF-8',
      fields: redirect.params.map(({ name, value }): [string, string] => [name, value]),
    };
    this.expect(await this.submit(form), 'login');
    return this.#throughSbpsResult(first, options);
  }

  /** From the au login screen through SBPS's result page (A03-1) back to the shop. */
  async #throughSbpsResult(first: number, options: PayOptions): Promise<Journey> {
    await this.#walkAuScreens(options);
    const returnPage = this.expect(this.page, 'return');
    const returnForm = readForm(returnPage, 'sbps-return');
    const landed = this.expect(await this.submit(returnForm), 'shop');
    const pages = this.pages.slice(first);
    return {
      screens: pages.map((page) => page.name),
      pages,
      returnPage,
      returnForm,
      result: Object.fromEntries(returnForm.fields),
      landedAt: new URL(landed.url),
    };
  }

  /**
   * From a redirect URL the merchant got from the acquirer (Antom's `normalUrl`) through the au
   * screens to the page that sends the browser back, then follows its link (a GET, as the page's
   * script does) to where the buyer lands.
   */
  async payFrom(redirectUrl: string, options: PayOptions = {}): Promise<RedirectJourney> {
    const first = this.pages.length;
    this.expect(await this.browse(redirectUrl), 'login');
    await this.#walkAuScreens(options);
    const returnPage = this.expect(this.page, 'return');
    const href = /<a id="au-return-link"[^>]* href="([^"]*)"/.exec(returnPage.html)?.[1];
    if (href === undefined) throw new Error(`No return link on ${returnPage.url}`);
    const landedAt = new URL(unescapeHtml(href), returnPage.url);
    const landed =
      landedAt.origin === this.#origin
        ? await this.browse(landedAt.href)
        : this.#record({
            name: 'shop',
            url: landedAt.href,
            status: returnPage.status,
            headers: returnPage.headers,
            html: '',
          });
    const pages = this.pages.slice(first);
    return { screens: pages.map((page) => page.name), pages, returnPage, landedAt, landed };
  }

  /** Login → code → confirm from the login screen, or cancel at `options.cancelAt`. */
  async #walkAuScreens(options: PayOptions): Promise<void> {
    const steps: Array<['login' | 'code' | 'confirm', () => Record<string, string>]> = [
      [
        'login',
        () => ({ au_id: options.auId ?? 'success@au.example', password: options.password ?? 'pw' }),
      ],
      ['code', () => ({ code: sandboxCode(this.page) })],
      ['confirm', () => ({ pin: options.pin ?? '1234' })],
    ];
    for (const [screen, input] of steps) {
      this.expect(this.page, screen);
      if (options.cancelAt === screen) {
        await this.fill('cancel');
        return;
      }
      await this.fill(screen, input());
    }
  }

  /** A browser request: follows redirects on the bridge's origin, records the page it ends on. */
  async browse(url: string, init: RequestInit = {}): Promise<Page> {
    let target = url;
    let request = init;
    for (let hop = 0; hop < 6; hop += 1) {
      const response = await fetch(target, {
        ...request,
        headers: { 'user-agent': this.#userAgent, ...(request.headers as Record<string, string>) },
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        target = new URL(location, target).href;
        request = {};
        if (new URL(target).origin !== this.#origin) {
          return this.#record({
            name: 'shop',
            url: target,
            status: response.status,
            headers: response.headers,
            html: '',
          });
        }
        continue;
      }
      return this.read(response, target);
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Reads and records a response as the page at `url` (Shift_JIS when its type says so). */
  async read(response: Response, url: string): Promise<Page> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const html = /shift_jis/i.test(response.headers.get('content-type') ?? '')
      ? decodeShiftJis(bytes)
      : Buffer.from(bytes).toString('utf8');
    return this.#record({
      name: nameOf(url, response.status, html),
      url,
      status: response.status,
      headers: response.headers,
      html,
    });
  }

  #record(page: Page): Page {
    this.pages.push(page);
    return page;
  }

  /** Throws, showing where the buyer is, unless `page` is `name`. */
  expect(page: Page, name: ScreenName): Page {
    if (page.name !== name) {
      throw new Error(
        `Expected the ${name} page, got ${page.name} (${page.status} ${page.url}) after ${this.screens.join(' → ')}:\n${page.html.slice(0, 1500)}`,
      );
    }
    return page;
  }
}

function nameOf(url: string, status: number, html: string): ScreenName {
  const path = new URL(url).pathname;
  if (html.includes('<form id="sbps-return"') || html.includes('id="au-return-link"')) {
    return 'return';
  }
  if (/\/checkout\/[^/]+$/.test(path) && html.includes('id="au-pay-purchase"')) return 'checkout';
  // SBPS answers its A01-1 and D01-1 endpoints with a page only to refuse the request.
  if (path.endsWith('/FepBuyInfoReceive.do') || path.endsWith('/FepPayInfoReceive.do')) {
    return 'sbps_error';
  }
  const screen = AU_SCREEN.exec(path)?.[1] as 'login' | 'code' | 'confirm' | undefined;
  if (screen && status === 200 && html.includes(`action="${screen}"`)) return screen;
  if (path.includes('/au/') && status >= 400) return 'au_error';
  return 'other';
}
