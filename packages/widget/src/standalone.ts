// The entry of dist/au-pay.js, the one file a page loads with a script tag (the bridge serves it
// at /au-pay.js). It only defines the tag; vite.config.ts wraps it so it does nothing without a DOM.
import './au-pay/define.js';
