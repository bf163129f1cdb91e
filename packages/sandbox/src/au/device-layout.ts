/** `web` = desktop screens, `wap` = smartphone screens (seed 000 names the two journeys so). */
export type Layout = 'web' | 'wap';

// Phones, not tablets: an Android tablet omits "Mobile" and an iPad gets the desktop screens.
const PHONE_USER_AGENT = /iPhone|iPod|Android.+Mobile|Windows Phone|Mobile Safari|\bMobi\b/i;

/**
 * The layout of the au screens: `?layout=web|wap` on the purchase-form action URL (the bridge adds
 * it in sandbox mode from the widget's layout) wins; otherwise the User-Agent decides, as KDDI
 * detects devices.
 */
export function chooseLayout(layoutParam: unknown, userAgent: string | undefined): Layout {
  if (layoutParam === 'web' || layoutParam === 'wap') return layoutParam;
  return userAgent !== undefined && PHONE_USER_AGENT.test(userAgent) ? 'wap' : 'web';
}
