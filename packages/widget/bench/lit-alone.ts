// The size benchmark's baseline: Lit alone, built with the same settings as dist/au-pay.js.
export { css, html, LitElement } from 'lit';
