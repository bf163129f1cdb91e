import { describe, expect, it } from 'vitest';
import { isHttpUrl } from './http-url.js';

describe('isHttpUrl', () => {
  it('takes absolute http and https URLs', () => {
    expect(isHttpUrl('https://shop.example.jp/return?ref=1')).toBe(true);
    expect(isHttpUrl('http://127.0.0.1:3000/notify')).toBe(true);
  });

  it('refuses a relative URL, another scheme and text that is no URL', () => {
    expect(isHttpUrl('/shop/success')).toBe(false);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('ftp://shop.example.jp/')).toBe(false);
    expect(isHttpUrl('')).toBe(false);
  });
});
