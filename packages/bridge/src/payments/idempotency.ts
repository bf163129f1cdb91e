import { createHash } from 'node:crypto';
import { idempotencyKeySchema } from '@au-pay/core';
import type { Request, Response } from 'express';
import { ApiError } from '../http/api-error.js';
import { sendJson } from '../http/send-answer.js';
import type { PaymentStore } from '../store/payment-store.js';

/** What a merchant-API handler answers. Returned = the request ran (kept for replays). */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface IdempotencyOptions {
  store: PaymentStore;
  now: () => Date;
  /** How long a claim may stay in flight before a retry may take it over (its request died). */
  inFlightTtlMs: number;
  /** Turns an answer into what is stored (e.g. sealing secrets) and back. */
  storedForm?: {
    write(answer: ApiAnswer): string;
    read(stored: string, status: number): ApiAnswer | null;
  };
}

/**
 * Runs a merchant-API request under its `Idempotency-Key`, as Stripe does: the same key with the
 * same body replays the first answer; another body under the same key is refused; a duplicate that
 * arrives while the first is still running is refused with 409. A handler that throws an
 * `ApiError` did nothing (validation, a rule refusal before the acquirer was called): its claim is
 * released so a corrected retry may use the key. A handler that returns has acted, and its answer,
 * error or not, is what every retry gets.
 */
export async function answerIdempotently(
  req: Request,
  res: Response,
  scope: string,
  options: IdempotencyOptions,
  handle: () => Promise<ApiAnswer>,
): Promise<void> {
  const key = req.get('idempotency-key');
  if (key === undefined) {
    send(res, await handle());
    return;
  }
  const checked = idempotencyKeySchema.safeParse(key);
  if (!checked.success) {
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      checked.error.issues[0]?.message ?? 'Idempotency-Key is not valid.',
      { message_ja: 'Idempotency-Key は 8〜255 文字の ASCII（UUID など）にしてください。' },
    );
  }
  const claim = await options.store.claimIdempotencyKey(
    scope,
    key,
    requestHash(req.body),
    options.now(),
    options.inFlightTtlMs,
  );
  switch (claim.kind) {
    case 'in_flight':
      throw new ApiError(
        409,
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still being processed; retry after it finishes.',
        {
          message_ja: '同じ Idempotency-Key のリクエストを処理中です。完了後に再試行してください。',
        },
      );
    case 'mismatch':
      throw new ApiError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
        { message_ja: 'この Idempotency-Key は別の内容のリクエストで使用済みです。' },
      );
    case 'replay': {
      const answer = options.storedForm
        ? options.storedForm.read(claim.body, claim.status)
        : { status: claim.status, body: JSON.parse(claim.body) as unknown };
      if (answer === null) {
        throw new ApiError(
          409,
          'idempotency_replay_unavailable',
          'The first answer to this Idempotency-Key can no longer be replayed (was the secret key rotated?). Fetch the payment instead.',
          {
            message_ja:
              'この Idempotency-Key への最初の応答はもう再送できません（シークレットキーを変更しましたか）。決済を取得してください。',
          },
        );
      }
      res.set('Idempotent-Replayed', 'true');
      send(res, answer);
      return;
    }
    case 'claimed':
      break;
  }
  let answer: ApiAnswer;
  try {
    answer = await handle();
  } catch (error) {
    await options.store.releaseIdempotencyKey(scope, key);
    throw error;
  }
  await options.store.completeIdempotencyKey(scope, key, {
    status: answer.status,
    body: options.storedForm ? options.storedForm.write(answer) : JSON.stringify(answer.body),
  });
  send(res, answer);
}

function send(res: Response, answer: ApiAnswer): void {
  sendJson(res, answer.status, answer.body);
}

/** The answer of a refusal that happened after the request acted (kept for replays). */
export function errorAnswer(error: ApiError): ApiAnswer {
  return { status: error.status, body: error.toBody() };
}

/** SHA-256 of the body as canonical JSON (keys sorted), so key order does not matter. */
export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(body ?? null)))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
