import { signNomupayRequest, verifyNomupayMessage } from '@au-pay/core/nomupay';
import { AcquirerUnavailableError } from '../acquirer.js';
import type { NomupayConfig } from './config.js';

/** A signed, verified answer of NomuPay's API. */
export interface NomupayAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The calls NomuPay answers with an operation's or a payment's resource (spec §5.2, §6). */
export type NomupayMethod = 'GET' | 'POST';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * NomuPay's API as the bridge calls it: every request signed ES256 with `aud` = the method and the
 * path as requested, base URL path and query included (spec §3: behind the bridge's sandbox that
 * is `/sandbox/nomupay/v1/...`), and every answer's HS256 `X-Signature` verified on its raw bytes
 * before it is read (spec §4). An answer that does not verify is no answer at all.
 */
export class NomupayApiClient {
  readonly #config: NomupayConfig;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #now: () => Date;

  constructor(
    config: NomupayConfig,
    options: { fetch?: typeof fetch; timeoutMs?: number; now?: () => Date } = {},
  ) {
    this.#config = config;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Sends one request. Throws `AcquirerUnavailableError`: `not_applied` when NomuPay refused our
   * signature (401) or the request could not be built, `unknown` when it was sent and no verified
   * answer came back (network, timeout, 5xx, unsigned or badly signed answer).
   */
  async request(method: NomupayMethod, path: string, body?: object): Promise<NomupayAnswer> {
    const url = new URL(`${this.#config.apiUrl}${path}`);
    const requestPath = `${url.pathname}${url.search}`;
    const text = body === undefined ? '' : JSON.stringify(body);
    // Signatures are dated with real time: NomuPay checks `exp` against its own clock.
    const now = this.#now();
    const signature = signNomupayRequest({
      method,
      path: requestPath,
      body: text,
      kid: this.#config.keyId,
      privateKey: this.#config.privateKey,
      now,
    });
    let response: Response;
    let raw: Buffer;
    try {
      response = await this.#fetch(url, {
        method,
        headers: {
          'X-Signature': signature,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: text }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      raw = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw new AcquirerUnavailableError(
        `NomuPay ${method} ${url.pathname} got no answer`,
        'unknown',
        {
          cause: error,
        },
      );
    }
    const verified = verifyNomupayMessage({
      signatureHeader: response.headers.get('x-signature') ?? undefined,
      body: raw,
      hmacKey: this.#config.hmacKey,
      now: this.#now(),
    });
    if (!verified.ok) {
      throw new AcquirerUnavailableError(
        `NomuPay ${method} ${url.pathname} answered ${response.status} without a valid signature (${verified.reason})`,
        response.status === 401 ? 'not_applied' : 'unknown',
      );
    }
    if (response.status === 401) {
      throw new AcquirerUnavailableError(
        'NomuPay refused our request signature (401): check NOMUPAY_KEY_ID and NOMUPAY_PRIVATE_KEY',
        'not_applied',
      );
    }
    if (response.status >= 500) {
      throw new AcquirerUnavailableError(
        `NomuPay ${method} ${url.pathname} answered ${response.status}`,
        'unknown',
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (!isRecord(parsed)) {
      throw new AcquirerUnavailableError(
        `NomuPay ${method} ${url.pathname} answered ${response.status} with a body that is not a JSON object`,
        'unknown',
      );
    }
    return { status: response.status, body: parsed };
  }
}
