/**
 * `@au-pay/widget/react`: `<AuPay>` for React, through `@lit/react`. Properties are set on the
 * element (so `amount={1980}` stays a number; a subscription takes `subscription` and `kind`)
 * and the events are `onAuPaySubmit`, `onAuPayInvalid` and `onAuPayError`.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { AuPay as AuPayElement } from './au-pay/define.js';
import type { AuPayEventMap } from './au-pay/events.js';

export const AuPay = createComponent({
  tagName: 'au-pay',
  elementClass: AuPayElement,
  react: React,
  displayName: 'AuPay',
  events: {
    onAuPaySubmit: 'au-pay-submit' as EventName<AuPayEventMap['au-pay-submit']>,
    onAuPayInvalid: 'au-pay-invalid' as EventName<AuPayEventMap['au-pay-invalid']>,
    onAuPayError: 'au-pay-error' as EventName<AuPayEventMap['au-pay-error']>,
  },
});

export type { AuPayElement };
