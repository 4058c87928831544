import type { ServiceFacts } from './service-event.js';
import type { ServiceLine } from './service-line.js';

/**
 * Recognises one family of messages. `needles` are substrings of which one must occur in the raw
 * message before the line is taken apart at all: most lines of a busy node match no needle, and a
 * few `includes` calls are far cheaper than parsing key=value pairs.
 */
export interface MessageClassifier {
  needles: readonly string[];
  match(line: ServiceLine): ServiceFacts | null;
}

/** The first of `keys` that the line has as a field. */
export function field(line: ServiceLine, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = line.fields[key];
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

/** `containerd://4296…` → `4296…`; the runtime prefix is how kubelet prints container ids. */
export function bareContainerId(id: string | null): string | null {
  if (!id) return null;
  const at = id.indexOf('://');
  const bare = at === -1 ? id : id.slice(at + 3);
  return bare === '' ? null : bare;
}

export function toInt(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !/^-?\d{1,15}$/.test(text.trim())) return null;
  return Number(text.trim());
}

/** The message and the fields that often hold the interesting part (`err`, `error`), as one text to search. */
export function searchText(line: ServiceLine): string {
  const err = field(line, 'err', 'error');
  return err ? `${line.msg} ${err}` : line.msg;
}
