import type { RequestHandler } from 'express';
import { AddressList } from '../../http/address-list.js';
import type { AcquirerHost } from '../acquirer.js';
import type { SbpsConfig } from './config.js';
import { answerSbpsNotification } from './notify-answer.js';

/**
 * In front of `POST /sbps/notify` when `SBPS_NOTIFY_ALLOWED_IPS` is set: a post from another
 * client address (`TRUST_PROXY` honoured) is refused before its body is read, with SBPS's own
 * answer format (spec §5: `NG,<reason>`, Shift_JIS), and logged. Unset, every address may post;
 * each notification is still verified by its `sps_hashcode`.
 */
export function sbpsNotifyAllowList(host: AcquirerHost, config: SbpsConfig): RequestHandler {
  const allowed = config.notifyAllowedIps;
  if (allowed === null) return (_req, _res, next) => next();
  const list = new AddressList(allowed);
  return (req, res, next) => {
    const address = host.clientAddress(req);
    if (list.includes(address)) {
      next();
      return;
    }
    host.logger.warn({ address }, 'sbps notification refused: address not allowed');
    answerSbpsNotification(res, 'NG,address not allowed');
  };
}
