/**
 * One entry of `journalctl -o json` (one object per line), `json-seq` (each record after an RS
 * byte, RFC 7464) or `json-pretty` (the same object spread over lines). Values are strings, arrays
 * of byte numbers for values that are not printable UTF-8, arrays of those for repeated fields, and
 * null for values larger than 4096 bytes (unless `--all`). Real line (journald 252, cut):
 *
 *   {"__REALTIME_TIMESTAMP":"1795839379651884","_BOOT_ID":"e66375b3…","SYSLOG_IDENTIFIER":"kubelet",
 *    "MESSAGE":[73,48,53,49,54,…,13],"_PID":"8833","PRIORITY":"6","_TRANSPORT":"stdout",…}
 */
import { fieldId, type JournalFieldSet } from './journal-fields.js';

/** Reads the object into `fields`; returns why it could not, or null. */
export function readJsonEntry(text: string, fields: JournalFieldSet): string | null {
  let object: unknown;
  try {
    object = JSON.parse(text);
  } catch (error) {
    return `not a JSON object (${(error as Error).message.slice(0, 80)})`;
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return 'not a JSON object';
  fields.touch();
  for (const [name, value] of Object.entries(object as Record<string, unknown>)) {
    const id = fieldId(name);
    if (id < 0) continue;
    if (Array.isArray(value) && value.some((item) => typeof item !== 'number')) {
      for (const item of value) setValue(fields, id, item);
    } else {
      setValue(fields, id, value);
    }
  }
  return null;
}

function setValue(fields: JournalFieldSet, id: number, value: unknown): void {
  if (value === null) {
    fields.set(id, null, true);
    return;
  }
  const text = typeof value === 'string' ? value : Array.isArray(value) ? bytesText(value) : null;
  if (text === null) return;
  const cap = fields.capOf(id);
  fields.set(id, text.length > cap ? text.slice(0, cap) : text, text.length > cap);
}

/** `[73,48,10]` → the UTF-8 text of those bytes; anything that is not a byte makes it unreadable. */
function bytesText(bytes: unknown[]): string | null {
  for (const byte of bytes) if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255) return null;
  return Buffer.from(bytes as number[]).toString('utf8');
}
