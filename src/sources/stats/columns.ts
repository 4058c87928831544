/**
 * Whitespace tables as the stat tools print them: fields padded with spaces (sometimes tabs), the
 * last column free text (`COMMAND`, `Mounted on`, `users:((…))`) that may itself hold spaces.
 */
import { emptyRecord } from '../safe-record.js';

/** `'  a  b   c '` → `['a', 'b', 'c']`; a blank line → `[]`. */
export function splitWords(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/**
 * Splits a row into at most `count` fields: the first `count - 1` are whitespace-separated words,
 * the last is the rest of the line with its inner spacing kept (`/mnt/my disk`, `nginx: worker`).
 * Fewer fields come back when the row is shorter.
 */
export function splitFields(text: string, count: number): string[] {
  const fields: string[] = [];
  const length = text.length;
  let at = 0;
  while (fields.length < count - 1) {
    while (at < length && isSpace(text.charCodeAt(at))) at += 1;
    if (at >= length) return fields;
    const start = at;
    while (at < length && !isSpace(text.charCodeAt(at))) at += 1;
    fields.push(text.slice(start, at));
  }
  while (at < length && isSpace(text.charCodeAt(at))) at += 1;
  const rest = text.slice(at).trimEnd();
  if (rest !== '') fields.push(rest);
  return fields;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/** A bounded list: keeps the first `max` items and counts the rest. */
export class BoundedList<T> {
  readonly items: T[] = [];
  dropped = 0;

  constructor(private readonly max: number) {}

  push(item: T): void {
    if (this.items.length < this.max) this.items.push(item);
    else this.dropped += 1;
  }

  get full(): boolean {
    return this.items.length >= this.max;
  }
}

/** A bounded record with a null prototype, so a key named `__proto__` in the input is just a key. */
export class BoundedRecord<V> {
  readonly values: Record<string, V> = emptyRecord<V>();
  size = 0;
  dropped = 0;

  constructor(private readonly max: number) {}

  set(key: string, value: V): void {
    if (Object.prototype.hasOwnProperty.call(this.values, key)) {
      this.values[key] = value;
    } else if (this.size < this.max) {
      this.values[key] = value;
      this.size += 1;
    } else {
      this.dropped += 1;
    }
  }
}
