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

/** Whether the answer refuses the request, checked against the route's own format. */
export function checkFormat(format: Format, answer: FuzzAnswer): boolean {
  expect(answer.status).toBeLessThan(500);
  const refused = answer.status >= 400;
  switch (format) {
    case 'json':
      expect(contentType(answer)).toMatch(/^application\/json/);
      if (refused) {
        // Every refusal names its code and says why in English and Japanese.
        expect(JSON.parse(answer.body.toString('utf8'))).toEqual({
          error: expect.objectContaining({
            code: expect.any(String),
            message: expect.any(String),
            message_ja: expect.any(String),
          }),
        });
      } else {
        JSON.parse(answer.body.toString('utf8'));
      }
      return refused;
    case 'page':
      if (isMalformedPath(answer)) return true;
      if (answer.status >= 300 && answer.status < 400) {
        // Back to the merchant's returnUrl, or the acquirer's page.
        expect(answer.status).toBe(303);
        expect(answer.headers.location).toMatch(/^https?:\/\//);
        return false;
      }
      // A refusal is the bilingual notice page; a checkout served is the page that auto-posts the
      // acquirer's form, in its charset (SBPS: Shift_JIS).
      expect(contentType(answer)).toMatch(
        refused ? /^text\/html; charset=utf-8$/ : /^text\/html; charset=(utf-8|Shift_JIS)$/,
      );
      expect(answer.body.toString('latin1')).toMatch(/^<!doctype html>/i);
      return refused;
    case 'sbps': {
      // SBPS reads an HTTP 200 with `OK,` or `NG,<reason>` in Shift_JIS (spec/sbps-au.md §5).
      expect(answer.status).toBe(200);
      expect(contentType(answer)).toBe('text/plain; charset=Shift_JIS');
      const text = decodeShiftJis(answer.body);
      expect(text).toMatch(/^(OK,|NG,.+)$/);
      return text.startsWith('NG,');
    }
    case 'antom':
      // The exact acknowledgement of spec/antom-au.md §5.2, or a 4xx with nothing Antom could take
      // for one.
      if (refused) expect(answer.body.length).toBe(0);
      else expect(answer.body.toString('utf8')).toBe(ANTOM_NOTIFY_ACK);
      return refused;
    case 'nomupay':
      // NomuPay retries anything but a 2xx (spec/nomupay-au.md §10); its answers carry no body.
      expect([204, 400, 413, 415]).toContain(answer.status);
      expect(answer.body.length).toBe(0);
      return refused;
    case 'static':
      expect([200, 304]).toContain(answer.status);
      return false;
  }
}
