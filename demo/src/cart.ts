import { CATALOG, findProduct, type Product } from './catalog.js';
import type { Lang, Messages } from './i18n/index.js';

/** Most of one product in one order. */
export const MAX_QUANTITY = 9;

export interface CartLine {
  product: Product;
  quantity: number;
  subtotal: number;
}

/**
 * The buyer's cart: product ids and quantities only. It lives in a cookie, so it survives a restart
 * of the shop; prices always come from the catalog on the server, never from the browser.
 */
export class Cart {
  private readonly quantities = new Map<string, number>();

  static parse(cookie: string | undefined): Cart {
    const cart = new Cart();
    if (!cookie) return cart;
    try {
      const parsed: unknown = JSON.parse(cookie);
      if (typeof parsed !== 'object' || parsed === null) return cart;
      for (const [id, quantity] of Object.entries(parsed)) {
        if (typeof quantity === 'number') cart.set(id, quantity);
      }
    } catch {
      // A cookie we cannot read is an empty cart.
    }
    return cart;
  }

  serialize(): string {
    return JSON.stringify(Object.fromEntries(this.quantities));
  }

  /** Sets a quantity, clamped to 0..MAX_QUANTITY; 0 removes the line. Unknown products are ignored. */
  set(productId: string, quantity: number): void {
    if (!findProduct(productId) || !Number.isInteger(quantity)) return;
    const clamped = Math.min(Math.max(quantity, 0), MAX_QUANTITY);
    if (clamped === 0) this.quantities.delete(productId);
    else this.quantities.set(productId, clamped);
  }

  add(productId: string): void {
    this.set(productId, (this.quantities.get(productId) ?? 0) + 1);
  }

  /** Lines in catalog order. */
  lines(): CartLine[] {
    return CATALOG.flatMap((product) => {
      const quantity = this.quantities.get(product.id);
      return quantity ? [{ product, quantity, subtotal: product.price * quantity }] : [];
    });
  }

  total(): number {
    return this.lines().reduce((sum, line) => sum + line.subtotal, 0);
  }

  count(): number {
    return this.lines().reduce((sum, line) => sum + line.quantity, 0);
  }

  isEmpty(): boolean {
    return this.quantities.size === 0;
  }

  /**
   * The item name sent with the payment. KDDI's screen shows only its first 16 double-byte
   * characters (seed 002, note *3), so a long cart is summarised as "first item + N more".
   */
  itemName(t: Messages, lang: Lang): string {
    const lines = this.lines();
    const first = lines[0];
    if (!first) return '';
    const name =
      lines.length === 1 && first.quantity > 1
        ? `${first.product.name[lang]} ×${first.quantity}`
        : first.product.name[lang];
    return t.cart.itemsSummary(name, lines.length - 1);
  }
}
