import { formatSbpsDate } from '@au-pay/core';
import {
  buildSbpsApiRequest,
  parseSbpsApiResponse,
  SBPS_API_REQUEST_CONTENT_TYPE,
  type SbpsApiResponse,
} from '@au-pay/core/sbps';
import { type BridgeHarness, TEST_API_PASSWORD, TEST_HASH_KEY } from './bridge-harness.js';

/**
 * A refund (ST02-00303-402) sent to the emulated SBPS directly, past the bridge, as SBPS's admin
 * tool or the merchant's own code could: signed, with the contract's Basic auth.
 */
export async function refundAtSbps(
  harness: BridgeHarness,
  trackingId: string,
  amount?: number,
): Promise<SbpsApiResponse> {
  const date = formatSbpsDate(harness.clock.now());
  const response = await fetch(`${harness.url}/sandbox/sbps/api/xmlapi.do`, {
    method: 'POST',
    headers: {
      'content-type': SBPS_API_REQUEST_CONTENT_TYPE,
      authorization: `Basic ${Buffer.from(`12345001:${TEST_API_PASSWORD}`).toString('base64')}`,
    },
    body: buildSbpsApiRequest(
      'ST02-00303-402',
      {
        merchant_id: '12345',
        service_id: '001',
        tracking_id: trackingId,
        processing_datetime: date,
        ...(amount !== undefined && { amount: String(amount) }),
        request_date: date,
      },
      TEST_HASH_KEY,
    ),
  });
  return parseSbpsApiResponse(new Uint8Array(await response.arrayBuffer()));
}
