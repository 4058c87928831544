/**
 * Every string that travels from a bundle into the report is capped here, so that one huge field
 * (a 30 MiB node name in a manifest) cannot turn into a huge page or a huge heap. A cut string
 * ends with a marker that says how long it was: `… cut, 31457280 bytes`. Shared by the sources
 * stage (the manifest) and the report stage, which is why it lives in util/.
 */

/** The most characters a string from the bundle keeps in the report (the longest caps of the readers are 4096). */
export const MAX_REPORT_TEXT_CHARS = 4096;

/** V8 copies slices shorter than this anyway. */
const SLICE_MIN_LENGTH = 13;

/** What replaces the end of a cut string; `totalBytes` is the length of the whole original in UTF-8. */
export function cutMarker(totalBytes: number): string {
  return `… cut, ${totalBytes} bytes`;
}

/** Room for the marker after `maxChars` characters. */
const MARKER_ROOM = 32;
const ENDS_WITH_MARKER = /… cut, \d+ bytes$/;

/**
 * `text` if it has at most `maxChars` characters; else its start, detached, with the cut marker.
 * A string a reader already cut (it ends with the marker) is not cut again, which would replace
 * the original length by the cut one.
 */
export function capText(text: string, maxChars: number = MAX_REPORT_TEXT_CHARS): string {
  if (text.length <= maxChars) return text;
  if (text.length <= maxChars + MARKER_ROOM && ENDS_WITH_MARKER.test(text)) return text;
  return detach(`${cutText(text, maxChars)}${cutMarker(Buffer.byteLength(text, 'utf8'))}`);
}

/** `capText` applied to every string inside plain data (objects, arrays), as a copy. */
export function capTextDeep<T>(value: T, maxChars: number = MAX_REPORT_TEXT_CHARS): T {
  return mapStrings(value, (text) => capText(text, maxChars));
}

/** `change` applied to every string inside plain data (objects, arrays), as a copy. */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, change)) as T;
  // fromEntries defines keys as own properties: a key `__proto__` from the bundle stays a key.
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)])) as T;
  return value;
}

/** The first `max` characters of `text` (a view: for the hot path; detach what is kept); never ends on half a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * `text` as a string of its own (a flat copy), so that no longer string stays alive through it:
 * V8's `slice` returns a view that keeps the whole original alive.
 */
export function detach(text: string): string {
  return text.length < SLICE_MIN_LENGTH ? text : Buffer.from(text, 'utf8').toString('utf8');
}
