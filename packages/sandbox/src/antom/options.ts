import type { KeyObject } from 'node:crypto';
import { loadAntomPublicKey } from '@au-pay/core/antom';
import type { EmulatorHost } from '../emulator-host.js';

/** The emulated Antom: the merchant's contract values and how the emulator behaves. */
export interface AntomEmulatorOptions {
  /** The same `ANTOM_CLIENT_ID` the merchant signs with; `SANDBOX_…` is served at `/ams/sandbox/api`. */
  readonly clientId: string;
  /** The merchant's RSA public key (Base64 SPKI DER, PEM or a `KeyObject`): verifies every request. */
  readonly merchantPublicKey: string | KeyObject;
  /** The accepted `paymentMethod.paymentMethodType` (spec/antom-au.md §13); `AU`. */
  readonly paymentMethodType?: string;
  /** How long a notification waits for the merchant's acknowledgement; 10 s. */
  readonly notificationTimeoutMs?: number;
  /** `slow@au.example`: the notifyPayment is due this long (sandbox clock) after the buyer; 30 s. */
  readonly slowNotificationDelayMs?: number;
}

export interface ResolvedAntomOptions extends EmulatorHost {
  readonly clientId: string;
  readonly merchantPublicKey: KeyObject;
  readonly paymentMethodType: string;
  readonly notificationTimeoutMs: number;
  readonly slowNotificationDelayMs: number;
}

export function resolveAntomOptions(
  options: AntomEmulatorOptions,
  host: EmulatorHost,
): ResolvedAntomOptions {
  if (!/^[\w-]{1,64}$/.test(options.clientId)) {
    throw new Error('antom.clientId must be the client ID from the Antom Dashboard');
  }
  return {
    ...host,
    clientId: options.clientId,
    merchantPublicKey: loadAntomPublicKey(options.merchantPublicKey),
    paymentMethodType: options.paymentMethodType ?? 'AU',
    notificationTimeoutMs: options.notificationTimeoutMs ?? 10_000,
    slowNotificationDelayMs: options.slowNotificationDelayMs ?? 30_000,
  };
}
