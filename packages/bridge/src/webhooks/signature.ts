import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from './webhook-message.js';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'AuPay-Signature';
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookVerificationErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_outside_tolerance'
  | 'signature_mismatch'
  | 'payload_not_raw';

/** Why a webhook was not accepted; answer the request with 400 and do not act on it. */
export class WebhookVerificationError extends Error {
  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

const RAW_BODY_ADVICE =
  "In Express, give the webhook route express.raw({ type: 'application/json' }) and pass req.body " +
  '(a Buffer); with a fetch-style Request, pass await request.text().';

/**
 * The `AuPay-Signature` header value for `payload` sent at `timestamp` (unix seconds). The signed
 * text is `<timestamp>.<payload>`, so a captured request cannot be replayed with a new timestamp.
 */
export function signWebhook(payload: string, secret: string, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError(`timestamp must be whole unix seconds; got ${timestamp}.`);
  }
  // Milliseconds would pass as a date thousands of years ahead, and fail every verification.
  if (timestamp > 100_000_000_000) {
    throw new TypeError(
      `timestamp ${timestamp} looks like milliseconds; pass unix seconds, Math.floor(Date.now() / 1000).`,
    );
  }
  return `t=${timestamp},v1=${signatureOf(payload, secret, timestamp).toString('hex')}`;
}

/**
 * Checks that `payload` (the raw body, byte for byte) was signed with `secret` within
 * `toleranceSeconds` of `now`, and returns the event it carries. Every `v1=` entry is tried, so a
 * header signed with both an old and a new secret verifies during a rotation. `header` may be
 * Node's `req.headers['aupay-signature']` as it is (a repeated header arrives as an array).
 *
 * @throws WebhookVerificationError whose message names the likely mistake.
 */
export function verifyWebhook(
  payload: string | Uint8Array,
  header: string | readonly string[] | null | undefined,
  secret: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): WebhookEvent {
  const body = rawBody(payload);
  if (typeof secret !== 'string' || secret === '') {
    throw new TypeError("verifyWebhook needs the endpoint's signing secret (WEBHOOK_SECRET).");
  }
  const { timestamp, signatures } = parseHeader(header);

  const matches = (key: string) => {
    const expected = signatureOf(body, key, timestamp);
    return signatures.some((candidate) => timingSafeEqual(candidate, expected));
  };
  if (!matches(secret)) {
    const trimmed = secret.trim();
    const whitespaceIsTheCause = trimmed !== secret && matches(trimmed);
    throw new WebhookVerificationError(
      'signature_mismatch',
      trimmed !== secret
        ? 'The signing secret has leading or trailing whitespace (often a newline from an env ' +
            `file or a copy-paste)${whitespaceIsTheCause ? ', and without it the signature matches' : ''}: trim the secret.`
        : `No v1 signature in the ${WEBHOOK_SIGNATURE_HEADER} header matches this payload and secret. ` +
            'Check that the payload is the raw body exactly as received (a body that was parsed and ' +
            're-serialised, or re-encoded, has other bytes) and that the secret is the one this ' +
            'endpoint was given (WEBHOOK_SECRET).',
    );
  }

  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const age = Math.floor((options.now ?? new Date()).getTime() / 1000) - timestamp;
  if (age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_outside_tolerance',
      `The signature is ${age} seconds old, beyond the tolerance of ${tolerance} seconds: it ` +
        'may be a replay. If the request is fresh, this server’s clock is wrong (check NTP).',
    );
  }
  if (-age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_outside_tolerance',
      `The signature is dated ${-age} seconds in the future, beyond the tolerance of ` +
        `${tolerance} seconds: this server’s clock is probably behind (check NTP).`,
    );
  }

  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  return JSON.parse(text) as WebhookEvent;
}

function rawBody(payload: unknown): string | Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === 'string') {
    if (payload !== '[object Object]') return payload;
    throw new WebhookVerificationError(
      'payload_not_raw',
      'The payload is the text "[object Object]": an object was turned into a string. Pass the ' +
        `raw request body instead. ${RAW_BODY_ADVICE}`,
    );
  }
  const got =
    payload === null || payload === undefined
      ? String(payload)
      : typeof payload === 'object'
        ? 'a parsed object (for example req.body after express.json())'
        : `a ${typeof payload}`;
  throw new WebhookVerificationError(
    'payload_not_raw',
    `The payload must be the raw request body, as a string or bytes, exactly as received; got ${got}. ` +
      `A parsed body cannot be verified, since serialising it again changes its bytes. ${RAW_BODY_ADVICE}`,
  );
}

function parseHeader(given: unknown): { timestamp: number; signatures: Buffer[] } {
  // Repeated headers are one list of entries, as if joined by commas.
  const header = Array.isArray(given) ? given.join(',') : given;
  if (header === undefined || header === null || header === '') {
    throw new WebhookVerificationError(
      'missing_header',
      `No ${WEBHOOK_SIGNATURE_HEADER} header was given. Pass its value: ` +
        "req.headers['aupay-signature'] in Node and Express (header names are lower-case there), " +
        "request.headers.get('AuPay-Signature') with fetch. If the request arrives without it, " +
        'check that no proxy strips it.',
    );
  }
  const expectedForm = `expected t=<unix seconds>,v1=<64 hex characters>`;
  if (typeof header !== 'string') {
    throw new WebhookVerificationError(
      'malformed_header',
      `The ${WEBHOOK_SIGNATURE_HEADER} header must be passed as a string (${expectedForm}); got a ${typeof header}.`,
    );
  }
  const timestamps: string[] = [];
  const signatures: Buffer[] = [];
  for (const entry of header.split(',')) {
    const [key, value = ''] = entry.split('=', 2).map((part) => part.trim());
    if (key === 't') timestamps.push(value);
    // Unknown keys are ignored, so that a future scheme can be sent beside v1.
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  const [timestamp] = timestamps;
  if (timestamps.length !== 1 || timestamp === undefined || !/^\d{1,11}$/.test(timestamp)) {
    throw new WebhookVerificationError(
      'malformed_header',
      `The ${WEBHOOK_SIGNATURE_HEADER} header needs exactly one timestamp t=<unix seconds> (${expectedForm}).`,
    );
  }
  if (signatures.length === 0) {
    throw new WebhookVerificationError(
      'malformed_header',
      `The ${WEBHOOK_SIGNATURE_HEADER} header has no v1 signature (${expectedForm}).`,
    );
  }
  return { timestamp: Number(timestamp), signatures };
}

function signatureOf(payload: string | Uint8Array, secret: string, timestamp: number): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest();
}
