import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, type RateLimitInfo, rateLimit } from 'express-rate-limit';
import type { RateLimits } from '../config.js';
import type { Logger } from '../logger.js';
import { ApiError, sendApiError } from './api-error.js';
import { secretKeyCheck } from './bearer-auth.js';
import { sendNoticePage } from './html.js';

/**
 * The bridge's rate limits (`AU_PAY_RATE_LIMIT`), per client address, counted in this process's
 * memory over fixed one-minute windows: several instances behind a load balancer each count on
 * their own. Over the limit, the answer is 429 with `Retry-After` (seconds to the window's end).
 */
export interface BridgeRateLimits {
  /**
   * In front of every route that checks the secret key (`/v1/...`, `/sandbox/clock`): counts the
   * answers 401 (a missing or wrong key). A request with the right key is never counted nor
   * refused, so a merchant server is not locked out by someone guessing from its address.
   */
  wrongKeys: RequestHandler;
  /** In front of `POST /checkout/:id`: over the limit, a notice page for the buyer. */
  checkoutPage: RequestHandler<CheckoutParams>;
  /** In front of `POST /checkout/:id/state` (counted with the page): over the limit, JSON. */
  checkoutState: RequestHandler<CheckoutParams>;
  /** Stops the stores' cleanup timers. */
  close(): void;
}

/** The route parameters of the checkout routes (typed so that routes keep theirs). */
type CheckoutParams = { id: string };

const WINDOW_MS = 60_000;

const WRONG_KEYS = new ApiError(
  429,
  'rate_limited',
  'Too many requests with a missing or wrong secret key from this address. Wait the seconds in Retry-After, then send the right AU_PAY_SECRET_KEY.',
  {
    message_ja:
      'シークレットキーが無いか誤っているリクエストが多すぎます。Retry-After の秒数だけ待ってから、正しいキーで送信してください。',
  },
);

const TOO_MANY_CHECKOUTS = new ApiError(
  429,
  'rate_limited',
  'Too many requests from this address. Wait the seconds in Retry-After, then try again.',
  {
    message_ja:
      'このアドレスからのリクエストが多すぎます。Retry-After の秒数だけ待ってから、もう一度お試しください。',
  },
);

/** What a limiter hands its `next` when the limit is reached; each route answers it its way. */
const OVER_LIMIT = Symbol('over the rate limit');

export function createRateLimits(options: {
  limits: RateLimits | null;
  secretKey: string;
  clientAddress: (req: IncomingMessage) => string;
  logger: Logger;
}): BridgeRateLimits {
  const { limits, secretKey, clientAddress, logger } = options;
  if (limits === null) {
    const pass: RequestHandler = (_req, _res, next) => next();
    return { wrongKeys: pass, checkoutPage: pass, checkoutState: pass, close: () => {} };
  }

  const stores: MemoryStore[] = [];
  const limiter = (name: string, limit: number, countOnly?: (res: Response) => boolean) => {
    const store = new MemoryStore();
    stores.push(store);
    const middleware = rateLimit({
      windowMs: WINDOW_MS,
      limit,
      store,
      // `RateLimit` and `RateLimit-Policy` (IETF draft 7), and `Retry-After` on a 429.
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      // IPv6 clients counted by /56, as one subscriber usually holds one.
      keyGenerator: (req) => ipKeyGenerator(clientAddress(req)),
      ...(countOnly && {
        skipSuccessfulRequests: true,
        requestWasSuccessful: (_req: Request, res: Response) => !countOnly(res),
      }),
      handler: (req, _res, next) => {
        // Once per address and window: the first refusal (later ones are counted past it).
        if ((req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.used === limit + 1) {
          logger.warn({ address: clientAddress(req), limit: name }, 'rate limit reached');
        }
        next(OVER_LIMIT);
      },
    });
    return <P extends Request['params']>(answer: (res: Response) => void): RequestHandler<P> =>
      (req, res, next) =>
        middleware(req, res, (error?: unknown) => {
          if (error === OVER_LIMIT) answer(res);
          else next(error);
        });
  };

  const wrongKey = limiter(
    'wrong_keys',
    limits.wrongKeysPerMinute,
    (res) => res.statusCode === 401 || res.statusCode === 429,
  )<Request['params']>((res) => {
    res.set('Cache-Control', 'no-store');
    sendApiError(res, WRONG_KEYS);
  });
  const checkout = limiter('checkout', limits.checkoutPerMinute);
  const presentsSecretKey = secretKeyCheck(secretKey);

  return {
    wrongKeys: (req, res, next) => {
      if (presentsSecretKey(req)) {
        next();
        return;
      }
      return wrongKey(req, res, next);
    },
    checkoutPage: checkout<CheckoutParams>((res) =>
      sendNoticePage(
        res,
        429,
        { ja: 'アクセスが集中しています', en: 'Too many requests' },
        {
          ja: '1分ほど待ってから、ショップに戻ってもう一度お試しください。',
          en: 'Wait a minute, then go back to the shop and try again.',
        },
      ),
    ),
    checkoutState: checkout<CheckoutParams>((res) => {
      res.set('Cache-Control', 'no-store');
      sendApiError(res, TOO_MANY_CHECKOUTS);
    }),
    close: () => {
      for (const store of stores) store.shutdown();
    },
  };
}
