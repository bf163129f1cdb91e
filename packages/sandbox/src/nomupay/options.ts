import type { NomupayKeyInput } from '@au-pay/core/nomupay';
import type { EmulatorHost } from '../emulator-host.js';

/** Whether an approved au payment waits for a capture or is captured at once (spec §13 gap). */
export type NomupayCaptureMode = 'manual' | 'automatic';

/** NomuPay's own SBPS contract, behind its `nextStep.redirect` (spec/nomupay-au.md §5.3). */
export interface NomupaySbpsContract {
  /** 5 digits; default `30132`, the value of spec §5.4. */
  readonly merchantId?: string;
  /** 3 digits; default `001`. */
  readonly serviceId?: string;
  /** The key NomuPay computes `sps_hashcode` with; the merchant never has it. */
  readonly hashKey?: string;
}

/** The emulated NomuPay: the merchant's registration and how the emulator behaves. */
export interface NomupayEmulatorOptions {
  /** The merchant's processing account (`NOMUPAY_PROCESSING_ACCOUNT_ID`), a 27-character KSUID. */
  readonly processingAccountId: string;
  /**
   * The merchant's registered public keys by `kid` (spec §3): PEM, or anything
   * `loadNomupayPublicKey` reads. Several may be active during a rotation.
   */
  readonly keys: Readonly<Record<string, NomupayKeyInput>>;
  /** The shared HMAC key NomuPay signs answers and webhooks with (`NOMUPAY_HMAC_KEY`). */
  readonly hmacKey: string;
  /** The `kid` of the HMAC key in NomuPay's `X-Signature`; a 27-character KSUID. */
  readonly hmacKid?: string;
  /**
   * The merchant's webhook endpoint registered with NomuPay (spec §10); its origin must be one of
   * the sandbox's `notificationOrigins`. Without it no webhook is sent.
   */
  readonly webhookUrl?: string;
  /**
   * Where the emulator is reachable from browsers, e.g. `http://127.0.0.1:3000/sandbox/nomupay`:
   * `nextStep.redirect.url` is built on it. Default: the origin and mount path of each request.
   */
  readonly publicUrl?: string;
  /** Default `manual` (the payment stops at `approved`), which exercises captures. */
  readonly captureMode?: NomupayCaptureMode;
  /** No maximum is published (spec §12); SBPS's 9,999,999 yen by default. */
  readonly maxAmount?: number;
  /**
   * Divides the retry schedule of spec §10 (2 min, 5 min, … 8 h): 60 (default) turns minutes into
   * seconds; 1 keeps NomuPay's schedule. Retries still wait for the sandbox clock.
   */
  readonly webhookRetryCompression?: number;
  /** How long a webhook waits for the merchant's 2xx; 30 s (spec §10). */
  readonly webhookTimeoutMs?: number;
  readonly sbps?: NomupaySbpsContract;
}

export interface ResolvedNomupayOptions extends EmulatorHost {
  readonly processingAccountId: string;
  readonly keys: Readonly<Record<string, NomupayKeyInput>>;
  readonly hmacKey: string;
  readonly hmacKid: string;
  readonly webhookUrl: string | undefined;
  readonly publicUrl: string | undefined;
  readonly captureMode: NomupayCaptureMode;
  readonly maxAmount: number;
  readonly webhookRetryCompression: number;
  readonly webhookTimeoutMs: number;
  readonly sbps: Required<NomupaySbpsContract>;
}

const KSUID = /^[A-Za-z0-9]{27}$/;

/** The sandbox's made-up `kid` of NomuPay's HMAC key. */
export const SANDBOX_HMAC_KID = '2SandboxNomupayHmacKey00001';

/** NomuPay's SBPS contract in the sandbox: spec §5.4's merchant and service, a made-up key. */
export const SANDBOX_NOMUPAY_SBPS: Required<NomupaySbpsContract> = {
  merchantId: '30132',
  serviceId: '001',
  hashKey: 'nomupay-sandbox-sbps-hash-key-0123456789',
};

export function resolveNomupayOptions(
  options: NomupayEmulatorOptions,
  host: EmulatorHost,
): ResolvedNomupayOptions {
  if (!KSUID.test(options.processingAccountId)) {
    throw new TypeError('nomupay.processingAccountId must be a 27-character KSUID (spec §2).');
  }
  const kids = Object.keys(options.keys);
  if (kids.length === 0 || kids.some((kid) => !KSUID.test(kid))) {
    throw new TypeError(
      'nomupay.keys needs at least one public key, each under a 27-character kid.',
    );
  }
  if (options.hmacKey.length === 0) throw new TypeError('nomupay.hmacKey must not be empty.');
  const hmacKid = options.hmacKid ?? SANDBOX_HMAC_KID;
  if (!KSUID.test(hmacKid)) throw new TypeError('nomupay.hmacKid must be a 27-character KSUID.');
  if (options.webhookUrl !== undefined) {
    // The webhook is the emulator's server-to-server message: only to the bridge that mounts it.
    let origin: string;
    try {
      origin = new URL(options.webhookUrl).origin;
    } catch {
      throw new TypeError(`nomupay.webhookUrl ${JSON.stringify(options.webhookUrl)} is not a URL.`);
    }
    if (!host.notificationOrigins.has(origin)) {
      throw new TypeError(
        `nomupay.webhookUrl is on ${origin}, which is not one of notificationOrigins: the sandbox sends server-to-server messages only to the bridge that mounts it.`,
      );
    }
  }
  const compression = options.webhookRetryCompression ?? 60;
  if (!(compression >= 1)) throw new TypeError('nomupay.webhookRetryCompression must be ≥ 1.');
  return {
    ...host,
    processingAccountId: options.processingAccountId,
    keys: options.keys,
    hmacKey: options.hmacKey,
    hmacKid,
    webhookUrl: options.webhookUrl,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    captureMode: options.captureMode ?? 'manual',
    maxAmount: options.maxAmount ?? 9_999_999,
    webhookRetryCompression: compression,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 30_000,
    sbps: { ...SANDBOX_NOMUPAY_SBPS, ...options.sbps },
  };
}
