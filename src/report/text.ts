/** Small text helpers shared by the HTML page and the terminal summary. */
import { mapStrings } from '../util/cap-text.js';

/** Code-point order: the same on every machine, whatever its locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// C0 controls but tab and line feed, DEL, C1 controls, and the characters that reorder or hide
// text: the Arabic letter mark, zero-width space/joiners, LRM/RLM, line and paragraph separators,
// the bidi embeddings and overrides (U+202A–U+202E), word joiner and invisible operators, the bidi
// isolates (U+2066–U+2069), and the byte-order mark.
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const HIDDEN_TEST = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/**
 * Bundle text as a person should see it: what was written, nothing acting on the screen. A
 * control character becomes its C escape (`\x1b[31m` stays readable as `\x1b[31m`, a carriage
 * return becomes `\r`); a character that would reorder or hide text (an RTL override, a
 * zero-width joiner) becomes `\u202e`. ASCII only, so every font shows it. Tabs and line breaks stay.
 */
export function visibleText(text: string): string {
  if (!HIDDEN_TEST.test(text)) return text;
  return text.replace(HIDDEN, (char) => {
    const code = char.charCodeAt(0);
    if (code === 0x0d) return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `visibleText` applied to every string inside plain data (objects, arrays), as a copy. */
export function visibleDeep<T>(value: T): T {
  return mapStrings(value, visibleText);
}
