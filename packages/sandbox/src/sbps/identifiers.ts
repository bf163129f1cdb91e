import { randomInt } from 'node:crypto';

/** 14 digits, SBPS's handle for a payment or a contract (spec §2, `res_tracking_id`). */
export function newTrackingId(isTaken: (id: string) => boolean): string {
  for (;;) {
    // No leading zero, so the value survives a merchant storing it as a number.
    let id = String(randomInt(1, 10));
    while (id.length < 14) id += String(randomInt(0, 10));
    if (!isTaken(id)) return id;
  }
}

/**
 * `res_sps_transaction_id`: 32 characters, one per processed API request. The observed shape
 * (spec §2) is `B` + merchant_id + service_id + the function ID without hyphens + a serial.
 */
export function createTransactionIds(merchantId: string, serviceId: string) {
  let serial = randomInt(0, 1_000_000) * 1_000;
  return (functionId: string): string => {
    serial += 1;
    const head = `B${merchantId}${serviceId}${functionId.replace(/-/g, '')}`.slice(0, 24);
    const width = 32 - head.length;
    return head + String(serial).padStart(width, '0').slice(-width);
  };
}
