const KDDI_VISIBLE_WIDTH = 32; // 16 double-byte characters

// Single-byte in Shift_JIS: ASCII and half-width katakana.
function widthOf(char: string): 1 | 2 {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0x7e || (code >= 0xff61 && code <= 0xff9f) ? 1 : 2;
}

/**
 * The item name as KDDI's screen shows it: "only the first 16 double-byte characters are
 * displayed" (seed 002, note *3). A single-byte character counts as half a double-byte one, so a
 * name in ASCII shows up to 32 characters; a character is never cut in half.
 */
export function kddiVisibleItemName(itemName: string): string {
  let width = 0;
  let out = '';
  for (const char of itemName) {
    width += widthOf(char);
    if (width > KDDI_VISIBLE_WIDTH) break;
    out += char;
  }
  return out;
}
