import {
  assignVars,
  createGlobalThemeContract,
  globalStyle,
  keyframes,
  style,
} from '@vanilla-extract/css';

/**
 * The theme contract, public as `--au-pay-*` custom properties. Defaults are set on `:host`, so
 * a page overrides them on the element itself (`au-pay { --au-pay-color-brand: … }`): outer
 * styles win over `:host` rules.
 */
export const theme = createGlobalThemeContract(
  {
    brand: 'color-brand',
    onBrand: 'color-on-brand',
    error: 'color-error',
    errorBackground: 'color-error-background',
    radius: 'radius',
  },
  (name) => `au-pay-${name}`,
);

// au orange, darkened until white text on it passes WCAG AA (4.73:1; au's #EB5505 is 3.6:1).
// The error pair is 6.7:1.
const light = {
  brand: '#C84A00',
  onBrand: '#FFF',
  error: '#A4190F',
  errorBackground: '#FDECEA',
};
// On dark pages the orange stays bright and the text on it turns dark (7.4:1); errors 9.4:1.
const dark = {
  brand: '#FF7A26',
  onBrand: '#1A0A00',
  error: '#FFB4AB',
  errorBackground: '#3D1614',
};
const colors = {
  brand: theme.brand,
  onBrand: theme.onBrand,
  error: theme.error,
  errorBackground: theme.errorBackground,
};

globalStyle(':host', {
  vars: { ...assignVars(colors, light), [theme.radius]: '8px' },
  display: 'block',
});
// The buyer's system preference, unless the page says `theme="light"`; or `theme="dark"`.
globalStyle(':host(:not([theme=light]))', {
  '@media': { '(prefers-color-scheme: dark)': { vars: assignVars(colors, dark) } },
});
globalStyle(':host([theme=dark])', { vars: assignVars(colors, dark) });
globalStyle(':host([hidden])', { display: 'none' });

/** On the wrapper when the resolved layout is `wap` (smartphones). */
export const wap = style({});

export const root = style({
  display: 'grid',
  gap: 6,
  justifyItems: 'start',
  selectors: { [`&${wap}`]: { justifyItems: 'stretch', textAlign: 'center' } },
});

export const button = style({
  display: 'inline-flex',
  alignItems: 'center',
  justifyContent: 'center',
  gap: 8,
  minHeight: 44,
  padding: '8px 24px',
  border: 0,
  borderRadius: theme.radius,
  background: theme.brand,
  color: theme.onBrand,
  font: 'inherit',
  fontWeight: 700,
  fontSize: 16,
  lineHeight: 1.3,
  cursor: 'pointer',
  selectors: {
    // Darker in both themes: white text gains contrast, dark text keeps over 6:1.
    '&:hover:enabled': { filter: 'brightness(.9)' },
    // The ring is the brand colour, 2 px off the button, so it contrasts with the page (4.7:1 on
    // white in the light theme, 7.2:1 on black in the dark one).
    '&:focus-visible': { outline: `3px solid ${theme.brand}`, outlineOffset: 2 },
    '&:disabled': { opacity: 0.5, cursor: 'not-allowed' },
    // Smartphones: full width, a touch target over 48 px, slightly larger text.
    [`${wap} &`]: { minHeight: 52, fontSize: 17 },
  },
});

export const message = style({
  margin: 0,
  fontSize: 13,
  lineHeight: 1.5,
  // Japanese breaks between phrases (bunsetsu) rather than anywhere; no lone last word.
  wordBreak: 'auto-phrase',
  textWrap: 'pretty',
});

/** The message when it explains a refusal or an error. */
export const alert = style({
  padding: '6px 10px',
  borderRadius: 6,
  background: theme.errorBackground,
  color: theme.error,
});

export const spinner = style({
  width: '1em',
  height: '1em',
  boxSizing: 'border-box',
  border: '2px solid',
  borderRightColor: 'transparent',
  borderRadius: '50%',
  animation: `${keyframes({ to: { transform: 'rotate(1turn)' } })} .8s linear infinite`,
  '@media': { '(prefers-reduced-motion: reduce)': { animation: 'none' } },
});

/**
 * The compiled CSS of this file, for the element's shadow root. vite.config.ts provides it (a
 * stylesheet cannot be imported as a string any other way), both in the build and in tests.
 */
export declare const cssText: string;
