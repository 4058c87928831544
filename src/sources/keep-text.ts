/**
 * Strings a reader keeps for the whole analysis must not hold on to the lines they came from.
 * V8's `slice` returns a view that keeps the whole original string alive: a 30-character time
 * sliced from a 60 KB log line holds the 60 KB for as long as the time is kept. Measured: 50 pod
 * logs of 60 KB lines (173 MB) kept 177 MiB of heap through the 60 lines per file the reader
 * keeps; with their strings detached, 9 MiB.
 */

import { cutText, detach } from '../util/cap-text.js';

export { cutText, detach };

/** The first `max` characters of `text`, as a string of its own; never ends on half a surrogate pair. */
export function keepText(text: string, max: number): string {
  return detach(cutText(text, max));
}

/**
 * Detaches every string in a plain record (objects and arrays), in place, and returns it. In
 * place, because readers keep references into their records (an OOM victim is marked reaped
 * when a later line says so).
 */
export function detachStrings<T>(value: T): T {
  if (typeof value === 'string') return detach(value) as T;
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'string') record[key] = detach(item);
    else if (item !== null && typeof item === 'object') detachStrings(item);
  }
  return value;
}
