import { BridgeRefusal, BridgeUnavailable } from './bridge-api.js';
import { type Lang, messagesFor } from './i18n/index.js';
import type { ShopLogger } from './shop-context.js';

/**
 * Why an action did not happen, kept as data (in a flash cookie between a form post and the page
 * after it) and put into words only when a page is rendered, in that page's language.
 */
export type Problem =
  | { kind: 'refusal'; code: string; message: string; messageJa?: string }
  | { kind: 'bridge_unavailable' }
  | { kind: 'unexpected' }
  | { kind: 'invalid_amount' };

/** The problem a failed bridge call is; anything but a refusal is logged in full. */
export function problemFrom(error: unknown, logger: ShopLogger): Problem {
  if (error instanceof BridgeRefusal) {
    return {
      kind: 'refusal',
      code: error.code,
      message: error.message,
      ...(error.messageJa !== undefined && { messageJa: error.messageJa }),
    };
  }
  logger.error({ err: error }, 'bridge call failed');
  return { kind: error instanceof BridgeUnavailable ? 'bridge_unavailable' : 'unexpected' };
}

/** The sentence to show: the bridge's own words for a refusal (Japanese when it gave them). */
export function problemText(problem: Problem, lang: Lang): string {
  const { errors } = messagesFor(lang);
  switch (problem.kind) {
    case 'refusal':
      return lang === 'ja' && problem.messageJa ? problem.messageJa : problem.message;
    case 'bridge_unavailable':
      return errors.bridgeUnavailable;
    case 'invalid_amount':
      return errors.invalidAmount;
    default:
      return errors.unexpected;
  }
}

/** Reads back a problem from untrusted JSON (a cookie). */
export function asProblem(value: unknown): Problem | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Record<string, unknown>;
  switch (candidate.kind) {
    case 'refusal':
      if (typeof candidate.code !== 'string' || typeof candidate.message !== 'string')
        return undefined;
      return {
        kind: 'refusal',
        code: candidate.code,
        message: candidate.message,
        ...(typeof candidate.messageJa === 'string' && { messageJa: candidate.messageJa }),
      };
    case 'bridge_unavailable':
    case 'unexpected':
    case 'invalid_amount':
      return { kind: candidate.kind };
    default:
      return undefined;
  }
}
