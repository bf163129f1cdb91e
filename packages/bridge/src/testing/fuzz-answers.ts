/**
 * What the endpoint fuzz accepts as an answer: never a 5xx, and a refusal in the route's own
 * format (JSON error with message and message_ja, the bilingual notice page, `NG,` for SBPS, the
 * acquirers' formats).
 */
import { decodeShiftJis } from '@au-pay/core/sbps';
import { expect } from 'vitest';
import { ANTOM_NOTIFY_ACK } from '../acquirers/antom/notification.js';
import type { Format } from './fuzz-endpoints.js';
import type { FuzzAnswer } from './fuzz-requests.js';

const contentType = (answer: FuzzAnswer): string => String(answer.headers['content-type'] ?? '');

/**
 * A path Express cannot percent-decode fails before any route runs: the bridge's last-resort
 * handler answers it, in JSON, for browser routes too (no acquirer sends such a path).
 */
function isMalformedPath(answer: FuzzAnswer): boolean {
  if (answer.status !== 400 || !contentType(answer).startsWith('application/json')) return false;
  const body = JSON.parse(answer.body.toString('utf8')) as { error?: { code?: unknown } };
  return body.error?.code === 'invalid_path';
}

/**
 * Thousands of answers pass for each one that fails: the cheap test `holds` runs on every answer,
 * vitest's `assertion` (for its message) only on one that fails it.
 */
function ensure(holds: boolean, assertion: () => void): void {
  if (holds) return;
  assertion();
  throw new Error('the answer failed a check that vitest then passed');
}

/** A refusal's body: its code, and why in English and Japanese. */
function isApiError(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const error = (body as { error?: Record<string, unknown> }).error;
  return (
    keys.length === 1 &&
    typeof error === 'object' &&
    error !== null &&
    ['code', 'message', 'message_ja'].every((key) => typeof error[key] === 'string')
  );
}

const STATIC_STATUSES = [200, 304];
const NOMUPAY_STATUSES = [204, 400, 413, 415];

/** Whether the answer refuses the request, checked against the route's own format. */
export function checkFormat(format: Format, answer: FuzzAnswer): boolean {
  const { status } = answer;
  ensure(status < 500, () => expect(status).toBeLessThan(500));
  const refused = status >= 400;
  const type = contentType(answer);
  switch (format) {
    case 'json': {
      ensure(type.startsWith('application/json'), () => expect(type).toMatch(/^application\/json/));
      const body: unknown = JSON.parse(answer.body.toString('utf8'));
      // Every refusal names its code and says why in English and Japanese.
      if (refused) {
        ensure(isApiError(body), () =>
          expect(body).toEqual({
            error: expect.objectContaining({
              code: expect.any(String),
              message: expect.any(String),
              message_ja: expect.any(String),
            }),
          }),
        );
      }
      return refused;
    }
    case 'page': {
      if (isMalformedPath(answer)) return true;
      if (status >= 300 && status < 400) {
        // Back to the merchant's returnUrl, or the acquirer's page.
        const location = String(answer.headers.location);
        ensure(status === 303 && /^https?:\/\//.test(location), () => {
          expect(status).toBe(303);
          expect(location).toMatch(/^https?:\/\//);
        });
        return false;
      }
      // A refusal is the bilingual notice page; a checkout served is the page that auto-posts the
      // acquirer's form, in its charset (SBPS: Shift_JIS).
      const types = refused
        ? /^text\/html; charset=utf-8$/
        : /^text\/html; charset=(utf-8|Shift_JIS)$/;
      const start = answer.body.subarray(0, 15).toString('latin1');
      ensure(types.test(type) && /^<!doctype html>/i.test(start), () => {
        expect(type).toMatch(types);
        expect(answer.body.toString('latin1')).toMatch(/^<!doctype html>/i);
      });
      return refused;
    }
    case 'sbps': {
      // SBPS reads an HTTP 200 with `OK,` or `NG,<reason>` in Shift_JIS (spec/sbps-au.md §5).
      const text = decodeShiftJis(answer.body);
      ensure(
        status === 200 && type === 'text/plain; charset=Shift_JIS' && /^(OK,|NG,.+)$/.test(text),
        () => {
          expect(status).toBe(200);
          expect(type).toBe('text/plain; charset=Shift_JIS');
          expect(text).toMatch(/^(OK,|NG,.+)$/);
        },
      );
      return text.startsWith('NG,');
    }
    case 'antom': {
      // The exact acknowledgement of spec/antom-au.md §5.2, or a 4xx with nothing Antom could take
      // for one.
      const text = answer.body.toString('utf8');
      ensure(refused ? text === '' : text === ANTOM_NOTIFY_ACK, () =>
        expect(text).toBe(refused ? '' : ANTOM_NOTIFY_ACK),
      );
      return refused;
    }
    case 'nomupay':
      // NomuPay retries anything but a 2xx (spec/nomupay-au.md §10); its answers carry no body.
      ensure(NOMUPAY_STATUSES.includes(status) && answer.body.length === 0, () => {
        expect(NOMUPAY_STATUSES).toContain(status);
        expect(answer.body.length).toBe(0);
      });
      return refused;
    case 'static':
      ensure(STATIC_STATUSES.includes(status), () => expect(STATIC_STATUSES).toContain(status));
      return false;
  }
}
