import { z } from 'zod';
import {
  addressListEntrySchema,
  ConfigReader,
  digits,
  type Env,
  httpsUrlSchema,
  httpUrlSchema,
  issuedKeySchema,
  secretSchema,
} from '../../config-reader.js';
import type { ConfigSection, GeneralConfig } from '../registry.js';

export interface SbpsConfig {
  merchantId: string;
  serviceId: string;
  hashKey: string;
  /** A01-1 endpoint the checkout form posts to. */
  purchaseUrl: string;
  /**
   * D01-1 endpoint (recurring application, re-application): SBPS publishes none, so it is assumed
   * to sit beside A01-1 as `.../f01/FepPayInfoReceive.do` (spec/sbps-au.md §1, §17 item 10).
   * `SBPS_APPLICATION_URL`, else derived from the purchase URL; null when it cannot be.
   */
  applicationUrl: string | null;
  /** API-type endpoint (`.../api/xmlapi.do`). */
  apiUrl: string;
  apiUser: string;
  apiPassword: string;
  /**
   * Addresses and CIDR subnets allowed to post `/sbps/notify` (`SBPS_NOTIFY_ALLOWED_IPS`);
   * `null` allows any.
   */
  notifyAllowedIps: string[] | null;
}

/**
 * SBPS values used in sandbox mode when none are given. They are published here on purpose: they
 * only ever talk to the emulated acquirer mounted at `/sandbox/sbps`. The hash key is the made-up
 * key of the worked examples in spec/sbps-au.md, not an SBPS value.
 */
export const SBPS_SANDBOX_DEFAULTS = {
  merchantId: '12345',
  serviceId: '001',
  hashKey: '0123456789abcdef0123456789abcdef01234567',
  apiPassword: 'sandbox-api-password',
} as const;

/** Where the emulated SBPS answers, relative to `PUBLIC_URL`. */
export const SANDBOX_SBPS_PATH = '/sandbox/sbps';

// SBPS issues its hash key as 40 hexadecimal characters (spec/sbps-au.md §1, [C]); anything
// shorter was not issued by SBPS.
const MIN_SBPS_HASH_KEY_LENGTH = 40;

const PURCHASE_PATH = '/f01/FepBuyInfoReceive.do';

/** The assumed D01-1 endpoint beside an A01-1 endpoint (spec §17 item 10), or none. */
function applicationUrlBeside(purchaseUrl: string | undefined): string | undefined {
  if (purchaseUrl === undefined) return undefined;
  const url = new URL(purchaseUrl);
  if (!url.pathname.endsWith(PURCHASE_PATH)) return undefined;
  url.pathname = `${url.pathname.slice(0, -PURCHASE_PATH.length)}/f01/FepPayInfoReceive.do`;
  return url.toString();
}

/** The `SBPS_*` variables: one line per problem, the live refusals included. */
export function readSbpsConfig(env: Env, general: GeneralConfig): ConfigSection<SbpsConfig> {
  const reader = new ConfigReader(env, general.mode === 'live');
  const live = reader.live;
  const merchantId = reader.check(
    'SBPS_MERCHANT_ID',
    digits(5),
    reader.orDefault('SBPS_MERCHANT_ID', SBPS_SANDBOX_DEFAULTS.merchantId),
  );
  const serviceId = reader.check(
    'SBPS_SERVICE_ID',
    digits(3),
    reader.orDefault('SBPS_SERVICE_ID', SBPS_SANDBOX_DEFAULTS.serviceId),
  );
  const hashKey = reader.check(
    'SBPS_HASH_KEY',
    live
      ? issuedKeySchema({
          name: 'hash key',
          sandboxValue: SBPS_SANDBOX_DEFAULTS.hashKey,
          signs: 'notifications',
          minLength: MIN_SBPS_HASH_KEY_LENGTH,
          issuedAs: `SBPS issued (${MIN_SBPS_HASH_KEY_LENGTH} characters)`,
        })
      : secretSchema,
    reader.orDefault('SBPS_HASH_KEY', SBPS_SANDBOX_DEFAULTS.hashKey),
  );
  const sandboxBase =
    general.publicUrl === undefined ? undefined : `${general.publicUrl}${SANDBOX_SBPS_PATH}`;
  // SBPS talks HTTPS on port 443 only (spec §2); live URLs must be https.
  const purchaseUrl = reader.check(
    'SBPS_PURCHASE_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    reader.orDefault('SBPS_PURCHASE_URL', sandboxBase && `${sandboxBase}/f01/FepBuyInfoReceive.do`),
  );
  const applicationUrl = reader.check(
    'SBPS_APPLICATION_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    reader.read('SBPS_APPLICATION_URL') ?? applicationUrlBeside(purchaseUrl),
  );
  const apiUrl = reader.check(
    'SBPS_API_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    reader.orDefault('SBPS_API_URL', sandboxBase && `${sandboxBase}/api/xmlapi.do`),
  );
  // SBPS issues the Basic-auth user as merchant_id + service_id in practice (spec §1).
  const apiUser = reader.check(
    'SBPS_API_USER',
    z.string().regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    reader.orDefault(
      'SBPS_API_USER',
      merchantId && serviceId ? `${merchantId}${serviceId}` : undefined,
    ),
  );
  const apiPassword = reader.check(
    'SBPS_API_PASSWORD',
    live
      ? secretSchema.refine(
          (v) => v !== SBPS_SANDBOX_DEFAULTS.apiPassword,
          'must not be the published sandbox password',
        )
      : secretSchema,
    reader.orDefault('SBPS_API_PASSWORD', SBPS_SANDBOX_DEFAULTS.apiPassword),
  );
  const allowedIpsText = reader.read('SBPS_NOTIFY_ALLOWED_IPS');
  const notifyAllowedIps =
    allowedIpsText === undefined
      ? null
      : reader.checkList(
          'SBPS_NOTIFY_ALLOWED_IPS',
          allowedIpsText,
          addressListEntrySchema,
          (entry) => `"${entry}" is not an IPv4/IPv6 address or a CIDR subnet`,
        );

  if (reader.problems.length > 0) return { config: null, problems: reader.problems };
  // Every value below was checked; the assertions only restate it for the compiler.
  return {
    config: {
      merchantId: merchantId as string,
      serviceId: serviceId as string,
      hashKey: hashKey as string,
      purchaseUrl: purchaseUrl as string,
      applicationUrl: applicationUrl ?? null,
      apiUrl: apiUrl as string,
      apiUser: apiUser as string,
      apiPassword: apiPassword as string,
      notifyAllowedIps: notifyAllowedIps ?? null,
    },
    problems: [],
  };
}
