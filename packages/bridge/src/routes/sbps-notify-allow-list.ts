import { encodeShiftJis } from '@au-pay/core/sbps';
import type { RequestHandler } from 'express';
import type { BridgeContext } from '../bridge-context.js';
import { AddressList } from '../http/address-list.js';

/**
 * In front of `POST /sbps/notify` when `SBPS_NOTIFY_ALLOWED_IPS` is set: a post from another
 * client address (`TRUST_PROXY` honoured) is refused before its body is read, with SBPS's own
 * answer format (spec §5: `NG,<reason>`, Shift_JIS), and logged. Unset, every address may post;
 * each notification is still verified by its `sps_hashcode`.
 */
export function sbpsNotifyAllowList(context: BridgeContext): RequestHandler {
  const allowed = context.config.sbps.notifyAllowedIps;
  if (allowed === null) return (_req, _res, next) => next();
  const list = new AddressList(allowed);
  return (req, res, next) => {
    const address = context.clientAddress(req);
    if (list.includes(address)) {
      next();
      return;
    }
    context.logger.warn({ address }, 'sbps notification refused: address not allowed');
    res
      .status(200)
      .set({ 'Content-Type': 'text/plain; charset=Shift_JIS', 'Cache-Control': 'no-store' })
      .send(Buffer.from(encodeShiftJis('NG,address not allowed')));
  };
}
