const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe for HTML element content and for quoted attribute values (either quote): the
 * five characters that can end text or an attribute become entities. Every page that shows a
 * merchant's, a buyer's or an acquirer's value (the bridge's, the sandbox's, the demo shop's)
 * writes it through here.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
