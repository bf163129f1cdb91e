import { AuPay } from './au-pay.js';

export { AuPay };

// Guarded so that importing on a server (SSR, Node) does nothing, and so that a page that loads
// both the standalone file and a bundled copy keeps the first definition instead of throwing.
if (typeof customElements !== 'undefined' && !customElements.get('au-pay')) {
  customElements.define('au-pay', AuPay);
}

declare global {
  interface HTMLElementTagNameMap {
    'au-pay': AuPay;
  }
}
