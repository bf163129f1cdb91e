// The size benchmark's second baseline: the part of Lit inside dist/au-pay.js (ReactiveElement and
// its styles helper, without lit-html's templates), built with the same settings.
export { ReactiveElement, unsafeCSS } from '@lit/reactive-element';
