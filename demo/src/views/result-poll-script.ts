import { POLL_ATTEMPTS, POLL_INTERVAL_MS } from './result-page.js';

/**
 * Served at `/assets/result-poll.js` for the result page while the payment is pending: asks the
 * shop (which asks the bridge) for the status and reloads the page once it moves. A file of the
 * shop's own origin, so the page's CSP allows it without an inline script.
 */
export const RESULT_POLL_JS = `(() => {
  const root = document.getElementById('result');
  if (!root || !root.dataset.payment) return;
  const interval = Number(root.dataset.interval) || ${POLL_INTERVAL_MS};
  let left = Number(root.dataset.attempts) || ${POLL_ATTEMPTS};
  const url = '/result/status?payment=' + encodeURIComponent(root.dataset.payment);
  const tick = async () => {
    left -= 1;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (response.ok) {
        const body = await response.json();
        if (body.status !== root.dataset.status) {
          location.reload();
          return;
        }
      }
    } catch {
      // Offline for a moment: try again on the next tick.
    }
    if (left > 0) setTimeout(tick, interval);
    else document.getElementById('still-checking')?.removeAttribute('hidden');
  };
  setTimeout(tick, interval);
})();
`;
