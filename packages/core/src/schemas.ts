import * as z from 'zod';
import { acquirerProfiles } from './acquirers/index.js';
import { acquirerIds, captureModes } from './acquirers/profile.js';
import { checkAmount } from './amount.js';
import { subscriptionKinds } from './subscription-status.js';

/*
 * zod schemas for every input the bridge accepts from outside (DESIGN "zod schemas for every input
 * that crosses a trust boundary"). Browser-safe: widths and formats are checked without Node.
 */

/**
 * The Shift_JIS byte length `text` would have, without encoding it: 1 for ASCII and half-width
 * katakana, 2 for everything else (SBPS type `M` counts a double-byte character as 2,
 * spec/sbps-au.md §2). Whether every character exists in Shift_JIS is checked on the Node side.
 */
export function shiftJisWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const singleByte = code <= 0x7e || (code >= 0xff61 && code <= 0xff9f);
    width += singleByte ? 1 : 2;
  }
  return width;
}

/** spec/sbps-au.md §2: TAB, LF, CR (and so any control character) are errors in SBPS values. */
function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
// Visible ASCII without spaces: SBPS type `X`, safe in URLs, headers and hash input (spec §3 pitfall c).
const VISIBLE_ASCII = /^[\x21-\x7e]*$/;

export const acquirerIdSchema = z.enum(acquirerIds, {
  error: `acquirer must be one of ${acquirerIds.join(', ')}.`,
});

export const captureModeSchema = z.enum(captureModes, {
  error: `captureMode must be one of ${captureModes.join(', ')}.`,
});

/** The merchant's own reference; it can become SBPS `order_id` (≤ 38 type X, spec/sbps-au.md §2). */
export const merchantReferenceSchema = z
  .string({ error: 'merchantReference must be a string.' })
  .min(1, 'merchantReference is required.')
  .max(38, 'merchantReference must be at most 38 characters: it becomes the SBPS order_id.')
  .regex(
    VISIBLE_ASCII,
    'merchantReference may only hold ASCII letters, digits and symbols, without spaces: it becomes the SBPS order_id.',
  );

/**
 * What the buyer sees on the au screens: SBPS `item_name`, type M, at most 40 bytes, double-byte
 * characters counting 2 (spec/sbps-au.md §4 row 10: "≤20 double-byte chars, KDDI shows the first
 * 16"). Surrounding spaces are trimmed, because SBPS trims values before hashing (spec §3).
 */
export const itemNameSchema = z
  .string({ error: 'itemName must be a string.' })
  .trim()
  .min(1, 'itemName is required: it is shown to the buyer on the au screens.')
  .refine(
    (name) => !hasControlCharacter(name),
    'itemName must not contain tabs, line breaks or other control characters.',
  )
  .refine(
    (name) => shiftJisWidth(name) <= 40,
    'itemName must fit 40 bytes: at most 20 full-width or 40 half-width characters (SBPS item_name).',
  );

function isPlainWebUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * Where the buyer goes back to: an absolute http(s) URL of at most 500 characters (SBPS URL fields,
 * spec/sbps-au.md §17 item 1), without user name or password. The bridge also checks its origin
 * against RETURN_URL_ORIGINS.
 */
export const returnUrlSchema = z
  .string({ error: 'returnUrl must be a string.' })
  .max(500, 'returnUrl must be at most 500 characters.')
  .refine(
    isPlainWebUrl,
    'returnUrl must be an absolute http:// or https:// URL without a user name or password.',
  );

/** The merchant's customer id; it becomes SBPS `cust_code` (≤ 64 type X, spec/sbps-au.md §2). */
export const customerIdSchema = z
  .string({ error: 'customerId must be a string.' })
  .min(1, 'customerId must not be empty; leave it out instead.')
  .max(64, 'customerId must be at most 64 characters: it becomes the SBPS cust_code.')
  .regex(
    VISIBLE_ASCII,
    'customerId may only hold ASCII letters, digits and symbols, without spaces: it becomes the SBPS cust_code.',
  );

/** A positive whole number of yen, as JSON carries it. */
export const yenAmountSchema = z
  .number({ error: 'amount must be a number of yen.' })
  .int('amount must be a whole number of yen.')
  .positive('amount must be at least 1 yen.')
  .max(Number.MAX_SAFE_INTEGER, 'amount is too large.');

/**
 * `POST /v1/payments`. `amount` goes through checkAmount for the chosen acquirer (default `sbps`),
 * so it may be a number or a digit string and comes out a number; `captureMode` defaults to the
 * acquirer's first mode and must be one it offers. `customerId` (SBPS `cust_code`, which SBPS links to
 * the buyer's au ID, spec/sbps-au.md §1) is an addition to the DESIGN contract for returning buyers.
 */
export const createPaymentSchema = z
  .strictObject({
    amount: z.unknown(),
    currency: z.literal('JPY', { error: 'currency must be "JPY": au PAY charges yen only.' }),
    merchantReference: merchantReferenceSchema,
    itemName: itemNameSchema,
    returnUrl: returnUrlSchema,
    customerId: customerIdSchema.optional(),
    captureMode: captureModeSchema.optional(),
    acquirer: acquirerIdSchema.default('sbps'),
  })
  .transform((input, ctx) => {
    const profile = acquirerProfiles[input.acquirer];
    const checked = checkAmount(input.amount, input.acquirer);
    if (!checked.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: checked.message,
        params: { code: checked.code },
      });
      return z.NEVER;
    }
    const captureMode = input.captureMode ?? profile.captureModes[0];
    if (!profile.captureModes.includes(captureMode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['captureMode'],
        message: `${profile.name.en} only offers captureMode ${profile.captureModes.join(', ')} for au PAY.`,
      });
      return z.NEVER;
    }
    return { ...input, amount: checked.amount, captureMode };
  });

export type CreatePaymentInput = z.input<typeof createPaymentSchema>;
export type CreatePaymentRequest = z.output<typeof createPaymentSchema>;

/** `POST /v1/payments/:id/capture`: no amount settles everything authorized. */
export const captureRequestSchema = z.strictObject({ amount: yenAmountSchema.optional() });
export type CaptureRequest = z.output<typeof captureRequestSchema>;

/**
 * `POST /v1/payments/:id/cancel`: no amount cancels the whole authorization; an amount is a partial
 * cancel, only where the acquirer offers one (NomuPay).
 */
export const cancelRequestSchema = z.strictObject({ amount: yenAmountSchema.optional() });
export type CancelRequest = z.output<typeof cancelRequestSchema>;

/** `POST /v1/payments/:id/refunds`: no amount refunds everything still captured. */
export const refundRequestSchema = z.strictObject({ amount: yenAmountSchema.optional() });
export type RefundRequest = z.output<typeof refundRequestSchema>;

/** The layouts of the au screens: desktop (`web`) or smartphone (`wap`). */
export const layoutSchema = z.enum(['web', 'wap'], { error: 'layout must be "web" or "wap".' });
export type Layout = z.output<typeof layoutSchema>;

/** A client secret as the widget posts it: 16–128 letters, digits, `_` or `-`. */
export const clientSecretSchema = z
  .string({ error: 'client_secret must be a string.' })
  .regex(
    /^[A-Za-z0-9_-]{16,128}$/,
    'client_secret is malformed: pass the clientSecret the payment was created with.',
  );

/**
 * `POST /checkout/:id`, a form post from the widget: every value is a string. `displayed_amount`
 * is the amount the widget showed (digits), compared with the stored amount by the bridge; an empty
 * field counts as absent.
 */
export const checkoutFormSchema = z.object({
  client_secret: clientSecretSchema,
  layout: layoutSchema,
  displayed_amount: z
    .string({ error: 'displayed_amount must be a string of digits.' })
    .regex(/^[0-9]{0,16}$/, 'displayed_amount must be half-width digits only.')
    .optional()
    .transform((value) => (value === undefined || value === '' ? undefined : Number(value))),
});
export type CheckoutForm = z.output<typeof checkoutFormSchema>;

/**
 * The `Idempotency-Key` header: 8–255 visible ASCII characters (a UUID is a good choice). Short keys
 * collide across requests, so fewer than 8 are refused.
 */
export const idempotencyKeySchema = z
  .string({ error: 'Idempotency-Key must be a string.' })
  .regex(
    /^[\x21-\x7e]{8,255}$/,
    'Idempotency-Key must be 8 to 255 visible ASCII characters, such as a UUID.',
  );

/** A payment id: `pay_` and 22 base62 characters. */
export const paymentIdSchema = z
  .string({ error: 'The payment id must be a string.' })
  .regex(
    /^pay_[0-9A-Za-z]{22}$/,
    'The payment id must look like pay_ followed by 22 letters and digits.',
  );

/** A subscription id: `sub_` and 22 base62 characters. */
export const subscriptionIdSchema = z
  .string({ error: 'The subscription id must be a string.' })
  .regex(
    /^sub_[0-9A-Za-z]{22}$/,
    'The subscription id must look like sub_ followed by 22 letters and digits.',
  );

export const subscriptionKindSchema = z.enum(subscriptionKinds, {
  error: `kind must be one of ${subscriptionKinds.join(', ')}.`,
});

/**
 * A subscription's item name: SBPS `item_name` as for payments (at most 40 bytes, spec/sbps-au.md
 * §4 row 10; D01-1 row 7, §7), and for on-demand contracts SBPS requires it to say what is sold
 * and when it is billed ("Billed on 20th each month", seeds/002 "Mandatory tag element"), which no
 * schema can check: the merchant writes it so.
 */
export const subscriptionItemNameSchema = itemNameSchema;

/** An amount checked by checkAmount for SBPS (subscriptions are SBPS only, DESIGN). */
function sbpsAmount(value: unknown, ctx: z.RefinementCtx): number | typeof z.NEVER {
  const checked = checkAmount(value, 'sbps');
  if (checked.ok) return checked.amount;
  ctx.addIssue({
    code: 'custom',
    path: ['amount'],
    message: checked.message,
    params: { code: checked.code },
  });
  return z.NEVER;
}

/**
 * `POST /v1/subscriptions` (DESIGN). `monthly` is recurring simple (`pay_type=1`): `amount`, the
 * monthly price, is required, as the first month is charged at sign-up (spec/sbps-au.md §14).
 * `on_demand` is fixed-term / pay-as-you-go: with `amount` a `pay_type=2` purchase of that first
 * charge, without it a D01-1 application without a charge (§7). `amount` is a number or a digit
 * string, 1–9,999,999 (§4 row 12), and comes out a number. `customerId` becomes `cust_code`, which
 * every later charge must repeat (§12 row 4), so it is required.
 */
export const createSubscriptionSchema = z
  .strictObject({
    kind: subscriptionKindSchema,
    amount: z.unknown().optional(),
    itemName: subscriptionItemNameSchema,
    merchantReference: merchantReferenceSchema,
    customerId: customerIdSchema,
    returnUrl: returnUrlSchema,
  })
  .transform((input, ctx) => {
    if (input.amount === undefined || input.amount === null) {
      if (input.kind === 'monthly') {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          message:
            'amount is required for a monthly subscription: the monthly price, charged at sign-up and then on the 1st of each month.',
          params: { code: 'amount_missing' },
        });
        return z.NEVER;
      }
      const { amount: _absent, ...rest } = input;
      return { ...rest, amount: null };
    }
    const amount = sbpsAmount(input.amount, ctx);
    return amount === z.NEVER ? z.NEVER : { ...input, amount };
  });

export type CreateSubscriptionInput = z.input<typeof createSubscriptionSchema>;
export type CreateSubscriptionRequest = z.output<typeof createSubscriptionSchema>;

/**
 * `POST /v1/subscriptions/:id/charges`: one ST01-00104-402 charge of an `on_demand` subscription
 * (spec/sbps-au.md §12): `amount` (row 9, required), `itemName` (row 7, optional: the
 * subscription's by default), `merchantReference` (the charge's `order_id`, row 5).
 */
export const subscriptionChargeSchema = z
  .strictObject({
    // Optional here so that checkAmount reports a missing amount in its own words.
    amount: z.unknown().optional(),
    itemName: subscriptionItemNameSchema.optional(),
    merchantReference: merchantReferenceSchema,
  })
  .transform((input, ctx) => {
    const amount = sbpsAmount(input.amount, ctx);
    return amount === z.NEVER ? z.NEVER : { ...input, amount };
  });

export type SubscriptionChargeInput = z.input<typeof subscriptionChargeSchema>;
export type SubscriptionChargeRequest = z.output<typeof subscriptionChargeSchema>;
