import { randomUUID } from 'node:crypto';
import { subscriptionMessagesFor } from '../i18n/subscription-messages.js';
import { PLANS } from '../plans.js';
import { html, type SafeHtml } from './html.js';
import type { PageContext } from './layout.js';

/** The shop page's subscriptions: a monthly plan and a pay-as-you-go service, each "subscribe". */
export function renderPlansSection(ctx: PageContext): SafeHtml {
  const { t, lang } = ctx;
  const s = subscriptionMessagesFor(lang).plans;
  const cards = PLANS.map(
    (plan) => html`<li class="product" id="plan-${plan.id}">
  <div class="product-body">
    <h3>${plan.name[lang]}</h3>
    <p class="product-description">${plan.description[lang]}</p>
    <p class="price">${plan.kind === 'monthly' ? s.perMonth(t.yen(plan.price)) : s.perUse(t.yen(plan.price))}</p>
    <form method="post" action="/subscribe">
      <input type="hidden" name="plan" value="${plan.id}">
      <input type="hidden" name="key" value="${randomUUID()}">
      <button class="button" type="submit" aria-label="${s.subscribeLabel(plan.name[lang])}">${s.subscribe}</button>
    </form>
  </div>
</li>`,
  );
  return html`<section class="plans" aria-labelledby="plans-title">
<h2 id="plans-title">${s.title}</h2>
<p class="lead">${s.intro}</p>
<ul class="products">${cards}</ul>
</section>`;
}
