import type { ServerResponse } from 'node:http';
import { encodeShiftJis } from '@au-pay/core/sbps';
import { sendBytes } from '../../http/send-answer.js';

/** Answers exactly what SBPS reads (spec §5, §17 item 16): `OK,` or `NG,<reason>`, Shift_JIS. */
export function answerSbpsNotification(res: ServerResponse, text: string): void {
  res.setHeader('Cache-Control', 'no-store');
  sendBytes(res, 200, 'text/plain; charset=Shift_JIS', encodeShiftJis(text));
}
