import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError, jsonErrorHandler, sendApiError } from '../http/api-error.js';
import { requireSecretKey } from '../http/bearer-auth.js';
import { jsonBody } from '../http/body-readers.js';
import { type SandboxClock, SandboxClockError } from '../sandbox-clock.js';

/** Where the clock routes are, relative to where the bridge is mounted. */
export const SANDBOX_CLOCK_PATH = '/sandbox/clock';

// Far enough for every window of the rules (refunds close after about three months, fixed-term
// contracts after a year), near enough that a typo in `to` is caught.
const MAX_AHEAD_MS = 10 * 365 * 24 * 60 * 60 * 1000;

const instantSchema = z.iso.datetime({ offset: true });

/** What `GET` and `POST /sandbox/clock` answer. */
export interface SandboxClockView {
  /** The sandbox's current time, ISO 8601 UTC. */
  now: string;
  /** How far the sandbox is ahead of real time, in seconds (millisecond precision). */
  offsetSeconds: number;
}

export function sandboxClockView(clock: SandboxClock): SandboxClockView {
  return { now: clock.now().toISOString(), offsetSeconds: clock.offsetMs / 1000 };
}

/**
 * `GET /sandbox/clock` and `POST /sandbox/clock` (sandbox mode only, the secret key like `/v1`):
 * read the test clock, or move it forward by `{ "advanceSeconds": n }` or to `{ "to": instant }`.
 * After a move, the expiry sweep runs once, so pending payments past their limit are `expired`
 * by the time the answer arrives.
 */
export function sandboxClockRouter(
  context: BridgeContext,
  clock: SandboxClock,
  afterMove: () => Promise<void>,
): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireSecretKey(context.config.secretKey));
  router.get('/', (_req, res) => {
    res.json(sandboxClockView(clock));
  });
  router.post('/', jsonBody('1kb'), async (req: Request, res: Response) => {
    const before = clock.now();
    try {
      moveClock(clock, req.body);
    } catch (error) {
      if (!(error instanceof SandboxClockError) && !(error instanceof ApiError)) throw error;
      sendApiError(
        res,
        error instanceof ApiError
          ? error
          : new ApiError(
              error.code === 'clock_cannot_go_back' ? 409 : 400,
              error.code,
              error.message,
              {
                message_ja:
                  error.code === 'clock_cannot_go_back'
                    ? 'サンドボックスの時計は進めることしかできません。'
                    : 'サンドボックスの時計の移動先が正しくありません。',
              },
            ),
      );
      return;
    }
    context.logger.info(
      { from: before.toISOString(), to: clock.now().toISOString(), offsetMs: clock.offsetMs },
      'sandbox clock moved',
    );
    try {
      await afterMove();
    } catch (error) {
      // The clock has moved all the same; the periodic sweep catches up.
      context.logger.error({ err: error }, 'expiry sweep after a clock move failed');
    }
    res.json(sandboxClockView(clock));
  });
  router.use(jsonErrorHandler(context.logger));
  return router;
}

/** Applies `{ advanceSeconds }` or `{ to }`; throws ApiError / SandboxClockError on bad input. */
function moveClock(clock: SandboxClock, body: unknown): void {
  const usage =
    'Send either { "advanceSeconds": <whole seconds> } or { "to": "<ISO 8601 instant>" }.';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`${usage} (as JSON, with Content-Type: application/json)`);
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => key !== 'advanceSeconds' && key !== 'to');
  if (unknown.length > 0) throw invalid(`Unknown field ${unknown[0]}. ${usage}`, unknown[0]);
  const hasAdvance = fields.advanceSeconds !== undefined;
  const hasTo = fields.to !== undefined;
  if (hasAdvance === hasTo) throw invalid(usage);

  const limit = Date.now() + MAX_AHEAD_MS;
  if (hasAdvance) {
    const seconds = fields.advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds)) {
      throw invalid('advanceSeconds must be a whole number of seconds.', 'advanceSeconds');
    }
    if (seconds > 0 && clock.now().getTime() + seconds * 1000 > limit) {
      throw invalid(
        'The sandbox clock may run at most 10 years ahead of real time.',
        'advanceSeconds',
      );
    }
    clock.advance(seconds * 1000);
    return;
  }
  const parsed = instantSchema.safeParse(fields.to);
  if (!parsed.success) {
    throw invalid(
      'to must be an ISO 8601 instant with a time zone, e.g. "2025-04-01T00:00:00+09:00".',
      'to',
    );
  }
  const instant = new Date(parsed.data);
  if (instant.getTime() > limit) {
    throw invalid('The sandbox clock may run at most 10 years ahead of real time.', 'to');
  }
  clock.advanceTo(instant);
}

function invalid(message: string, param?: string): ApiError {
  return new ApiError(400, 'invalid_request', message, {
    message_ja:
      '{ "advanceSeconds": 秒数（整数） } か { "to": "ISO 8601 の日時" } のどちらか一方を JSON で送ってください（10 年先まで）。',
    ...(param !== undefined && { param }),
  });
}
