/**
 * Whether a merchant-given URL is absolute http(s): what SBPS's return and notification URLs
 * (spec/sbps-au.md §4) and NomuPay's `returnUrl` (spec/nomupay-au.md §5.1) must be.
 */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
