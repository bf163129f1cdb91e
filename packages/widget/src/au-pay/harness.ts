// Test harness for <au-pay>: reach into the shadow root, intercept what would leave the page,
// and run axe. Used by au-pay.test.ts only (excluded from the build).
import { fixture } from '@open-wc/testing';
import axe from 'axe-core';
import type { TemplateResult } from 'lit';
import type { AuPay } from './au-pay.js';
import './define.js';

/** A healthy bridge double, same origin (see test/bridge-double.js). */
export const bridge = '/bridge-double';
/** The same double on another origin (127.0.0.1 instead of localhost): CORS applies. */
export const crossOriginBridge = () => `http://127.0.0.1:${location.port}/bridge-double`;

export async function render(template: TemplateResult): Promise<AuPay> {
  const el = await fixture<AuPay>(template);
  await el.updateComplete;
  return el;
}

export function button(el: AuPay): HTMLButtonElement {
  const found = el.shadowRoot?.querySelector<HTMLButtonElement>('[part=button]');
  if (!found) throw new Error('no [part=button] in the shadow root');
  return found;
}

export function message(el: AuPay): HTMLElement {
  const found = el.shadowRoot?.querySelector<HTMLElement>('[part=message]');
  if (!found) throw new Error('no [part=message] in the shadow root');
  return found;
}

/** The text a buyer reads, spaces collapsed. */
export const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Resolves on the next `name` event from `target`, or rejects after `ms`. */
export function nextEvent<T extends Event = CustomEvent>(
  target: EventTarget,
  name: string,
  ms = 4000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${ms} ms`)), ms);
    target.addEventListener(
      name,
      (event) => {
        clearTimeout(timer);
        resolve(event as T);
      },
      { once: true },
    );
  });
}

/** Every event of these names from `target`, in order. */
export function recordEvents(target: EventTarget, ...names: string[]): CustomEvent[] {
  const seen: CustomEvent[] = [];
  for (const name of names)
    target.addEventListener(name, (event) => seen.push(event as CustomEvent));
  return seen;
}

/**
 * Forms the element submits are recorded instead of navigating away (the element calls
 * `HTMLFormElement.prototype.submit`, which fires no event). Restore with `restore()`.
 */
export function interceptSubmissions() {
  const original = HTMLFormElement.prototype.submit;
  const forms: HTMLFormElement[] = [];
  const submitted = new Promise<HTMLFormElement>((resolve) => {
    HTMLFormElement.prototype.submit = function submit(this: HTMLFormElement) {
      forms.push(this);
      resolve(this);
    };
  });
  return {
    forms,
    /** The first submitted form. */
    submitted,
    restore: () => {
      HTMLFormElement.prototype.submit = original;
    },
  };
}

/** The fields of a form as a plain object. */
export const fieldsOf = (form: HTMLFormElement) =>
  Object.fromEntries(new FormData(form)) as Record<string, string>;

/** Replaces `fetch`; returns the URLs asked for. Restore with `restore()`. */
export function replaceFetch(answer: (url: string, init?: RequestInit) => Promise<Response>) {
  const original = window.fetch;
  const urls: string[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    urls.push(url);
    return answer(url, init);
  };
  return {
    urls,
    restore: () => {
      window.fetch = original;
    },
  };
}

/** Counts console.warn calls. Restore with `restore()`. */
export function watchWarnings() {
  const original = console.warn;
  const calls: unknown[][] = [];
  console.warn = (...args: unknown[]) => {
    calls.push(args);
  };
  return {
    calls,
    restore: () => {
      console.warn = original;
    },
  };
}

/** Runs axe-core (WCAG 2.x A and AA) on the element, shadow root included. */
export async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  });
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.failureSummary).join('; ')})`,
  );
}
