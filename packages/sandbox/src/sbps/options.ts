import type { EmulatorHost } from '../emulator-host.js';
import type { SalesMode } from './purchase-ledger.js';

/** Link-type `res_err_code` values the sandbox sends to `error_url` (spec §17.6). */
export interface SandboxErrorCodes {
  /** `limit@au.example`: credit limit exceeded. */
  readonly limit: string;
  /** `restricted@au.example`: user restricted. */
  readonly restricted: string;
  /** The 4-minute rule ran out (spec §16). */
  readonly timeout: string;
  /** The A02-1 was not answered `OK,` (spec §5): the purchase is inconsistent. */
  readonly notification: string;
}

/**
 * The real 4-character codes are not published (spec §17.6); these placeholders name the API
 * error type they correspond to (spec §8): L4 over the usable amount, U1 user-side reason,
 * 94 payment not completed, 84 provider (here: merchant) response.
 */
export const DEFAULT_ERROR_CODES: SandboxErrorCodes = {
  limit: 'AUL4',
  restricted: 'AUU1',
  timeout: 'AU94',
  notification: 'AU84',
};

/** Chooses the sales mode of one purchase, e.g. from the bridge's payment for `orderId`. */
export type SalesModeFor = (purchase: {
  readonly orderId: string;
  readonly amount: number;
}) => SalesMode | Promise<SalesMode>;

/** The emulated SBPS: the merchant's contract values and how the emulator behaves. */
export interface SbpsEmulatorOptions {
  /** The same `SBPS_MERCHANT_ID` (5 digits) the bridge signs with. */
  readonly merchantId: string;
  /** The same `SBPS_SERVICE_ID` (3 digits). */
  readonly serviceId: string;
  /** The same `SBPS_HASH_KEY`. */
  readonly hashKey: string;
  /** `SBPS_API_USER` / `SBPS_API_PASSWORD` for the XML API's Basic auth. */
  readonly apiUser: string;
  readonly apiPassword: string;
  /** How long SBPS waits for the `OK,` answer; 10 s (spec §17.4). */
  readonly notificationTimeoutMs?: number;
  /** `slow@au.example`: delay between the browser return and the A02-1; 3 s. */
  readonly slowNotificationDelayMs?: number;
  /** Only `OK,` with an optional trailing CR/LF is accepted (spec §17.16); default true. */
  readonly strictAnswer?: boolean;
  /**
   * Automated or specified sales for one-time purchases (an SBPS contract setting): a mode, or a
   * function of the purchase (sync or async) so one sandbox can serve the bridge's per-payment
   * `captureMode`. Default `'manual'` (specified sales), which exercises every API function.
   */
  readonly salesMode?: SalesMode | SalesModeFor;
  /** `res_err_code` per buyer failure; defaults in `DEFAULT_ERROR_CODES`. */
  readonly errorCodes?: Partial<SandboxErrorCodes>;
  /** Whether `error_url` gets an `sps_hashcode`; SBPS is reported to send none (spec §6). */
  readonly signErrorReturn?: boolean;
  /**
   * Whether A01-1 must carry `item_name`; default true, as au-pay always sends it. NomuPay's own
   * SBPS contract posts none (spec/nomupay-au.md §5.3), so its emulator turns this off.
   */
  readonly requireItemName?: boolean;
}

export interface ResolvedSbpsOptions
  extends Required<Omit<SbpsEmulatorOptions, 'salesMode' | 'errorCodes'>>,
    EmulatorHost {
  readonly salesModeFor: SalesModeFor;
  readonly errorCodes: SandboxErrorCodes;
}

export function resolveOptions(
  options: SbpsEmulatorOptions,
  host: EmulatorHost,
): ResolvedSbpsOptions {
  if (!/^\d{5}$/.test(options.merchantId)) throw new Error('merchantId must be 5 digits (spec §1)');
  if (!/^\d{3}$/.test(options.serviceId)) throw new Error('serviceId must be 3 digits (spec §1)');
  if (options.hashKey.length === 0) throw new Error('hashKey must not be empty');
  const salesMode = options.salesMode ?? 'manual';
  return {
    ...host,
    merchantId: options.merchantId,
    serviceId: options.serviceId,
    hashKey: options.hashKey,
    apiUser: options.apiUser,
    apiPassword: options.apiPassword,
    notificationTimeoutMs: options.notificationTimeoutMs ?? 10_000,
    slowNotificationDelayMs: options.slowNotificationDelayMs ?? 3_000,
    strictAnswer: options.strictAnswer ?? true,
    salesModeFor: typeof salesMode === 'function' ? salesMode : () => salesMode,
    errorCodes: { ...DEFAULT_ERROR_CODES, ...options.errorCodes },
    signErrorReturn: options.signErrorReturn ?? false,
    requireItemName: options.requireItemName ?? true,
  };
}
