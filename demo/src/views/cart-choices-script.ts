/**
 * Served at `/assets/cart-choices.js` for the cart page: when the buyer picks another acquirer, the
 * sales modes it does not offer (its profile's `captureModes`, written on each acquirer's radio as
 * `data-capture-modes`) are disabled with a note, and a disabled choice gives way to the first one
 * offered. The page renders the same for the acquirer chosen when it was served. A file of the
 * shop's own origin, so the page's CSP allows it without an inline script.
 */
export const CART_CHOICES_JS = `(() => {
  const form = document.querySelector('form.checkout');
  if (!form) return;
  const follow = () => {
    const chosen = form.querySelector('input[name="acquirer"]:checked');
    if (!chosen) return;
    const offered = (chosen.dataset.captureModes || '').split(' ');
    const modes = [...form.querySelectorAll('input[name="captureMode"]')];
    for (const mode of modes) {
      const available = offered.includes(mode.value);
      mode.disabled = !available;
      if (!available) mode.checked = false;
      const note = document.getElementById('unavailable-' + mode.value);
      if (note) note.hidden = available;
    }
    if (!modes.some((mode) => mode.checked)) {
      const first = modes.find((mode) => !mode.disabled);
      if (first) first.checked = true;
    }
  };
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'acquirer') follow();
  });
  follow();
})();
`;
