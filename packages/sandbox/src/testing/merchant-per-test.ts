import { afterEach, beforeEach } from 'vitest';
import type { SandboxMerchant } from './sandbox-merchant.js';

/**
 * The setup the emulators' HTTP tests share: a fresh test merchant (and so a fresh sandbox) before
 * each test, handed to `use`, and closed after it once its deliveries are done. Vitest only: kept
 * out of `./index.ts`, which code outside a test runner may import.
 */
export function merchantForEachTest<Merchant extends SandboxMerchant>(
  start: () => Promise<Merchant>,
  use: (merchant: Merchant) => void,
): void {
  let merchant: Merchant | undefined;
  beforeEach(async () => {
    merchant = await start();
    use(merchant);
  });
  afterEach(async () => {
    await merchant?.close();
  });
}
