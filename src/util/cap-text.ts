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

/**
 * `change` applied to every string inside plain data (objects, arrays). An array or plain object
 * in which no string changed is returned as it is, not copied: the report of thousands of kills
 * was copied whole here (tens of MiB, held twice at the analysis' peak) for the few strings cut.
 * Other objects (class instances) become plain copies, as JSON sees them.
 */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) return mapItems(value, change) as T;
  if (value !== null && typeof value === 'object') return mapFields(value, change) as T;
  return value;
}

function mapItems(items: readonly unknown[], change: (text: string) => string): unknown[] {
  let copy: unknown[] | null = null;
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    const mapped = mapStrings(item, change);
    if (copy === null && mapped !== item) copy = items.slice(0, i);
    copy?.push(mapped);
  }
  return copy ?? (items as unknown[]);
}

function mapFields(value: object, change: (text: string) => string): object {
  const proto: unknown = Object.getPrototypeOf(value);
  const plain = proto === Object.prototype || proto === null;
  const fields = value as Record<string, unknown>;
  const keys = Object.keys(value);
  const mapped = keys.map((key) => mapStrings(fields[key], change));
  if (plain && mapped.every((item, i) => item === fields[keys[i] as string])) return value;
  // fromEntries defines keys as own properties: a key `__proto__` from the bundle stays a key.
  return Object.fromEntries(keys.map((key, i) => [key, mapped[i]]));
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
