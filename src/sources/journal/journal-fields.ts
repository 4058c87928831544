/**
 * Collects the fields of one export or JSON entry that podmortem uses, and builds the entry.
 * Every other field (`_MACHINE_ID`, `_CMDLINE`, `__CURSOR`, unknown `__…` fields) is ignored
 * without being decoded. A field given twice keeps its first value, except MESSAGE, whose values
 * are joined with a newline so nothing said is lost.
 */
import { normaliseBootId, type Stamp } from '../stamp.js';
import type { JournalEntry } from './journal-entry.js';

/** MESSAGE is kept up to this many bytes; the rest is dropped and the entry flagged. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_OTHER_BYTES = 1024;

/** The fields podmortem reads; a field's id is its index here. */
const FIELD_NAMES = [
  '__REALTIME_TIMESTAMP',
  '__MONOTONIC_TIMESTAMP',
  '_BOOT_ID',
  '_TRANSPORT',
  '_SYSTEMD_UNIT',
  'UNIT',
  'SYSLOG_IDENTIFIER',
  '_PID',
  'SYSLOG_PID',
  'PRIORITY',
  'MESSAGE',
  '_SOURCE_MONOTONIC_TIMESTAMP',
] as const;
const REALTIME = 0;
const MONOTONIC = 1;
const BOOT_ID = 2;
const TRANSPORT = 3;
const SYSTEMD_UNIT = 4;
const UNIT = 5;
const IDENTIFIER = 6;
const PID = 7;
const SYSLOG_PID = 8;
const PRIORITY = 9;
const MESSAGE = 10;
const SOURCE_MONOTONIC = 11;

/** Not a field podmortem reads (skip it unread), or a malformed name. */
export const OTHER_FIELD = -1;
export const BAD_FIELD_NAME = -2;

const IDS = new Map<string, number>(FIELD_NAMES.map((name, id) => [name, id]));
const NAMES_BY_LENGTH: [bytes: Buffer, id: number][][] = [];
FIELD_NAMES.forEach((name, id) => (NAMES_BY_LENGTH[name.length] ??= []).push([Buffer.from(name, 'latin1'), id]));

/** 1 for the bytes a field name may hold: A–Z, a–z, 0–9, `_`. */
const NAME_BYTE = new Uint8Array(256);
for (const range of [
  [0x41, 0x5a],
  [0x61, 0x7a],
  [0x30, 0x39],
  [0x5f, 0x5f],
] as const)
  NAME_BYTE.fill(1, range[0], range[1] + 1);

/** The id of a field named in a JSON object. */
export function fieldId(name: string): number {
  return IDS.get(name) ?? OTHER_FIELD;
}

/**
 * The id of the field whose name is `bytes[from, to)`, without making a string of it: most fields
 * of an export entry are skipped, and this runs for every one of them.
 */
export function fieldIdOfBytes(bytes: Buffer, from: number, to: number): number {
  if (to === from) return BAD_FIELD_NAME;
  for (let i = from; i < to; i += 1) if (NAME_BYTE[bytes[i] as number] === 0) return BAD_FIELD_NAME;
  const candidates = NAMES_BY_LENGTH[to - from];
  if (!candidates) return OTHER_FIELD;
  for (const [name, id] of candidates) {
    let same = true;
    for (let i = 0; i < name.length && same; i += 1) same = name[i] === bytes[from + i];
    if (same) return id;
  }
  return OTHER_FIELD;
}

/** Fields read as numbers straight from their digits. */
const NUMERIC = new Set([REALTIME, MONOTONIC, PID, SYSLOG_PID, PRIORITY, SOURCE_MONOTONIC]);
const INTERNED_PER_FIELD = 16;

export class JournalFieldSet {
  private readonly values: (string | undefined)[] = new Array<string | undefined>(FIELD_NAMES.length).fill(undefined);
  private readonly numbers: (number | undefined)[] = new Array<number | undefined>(FIELD_NAMES.length).fill(undefined);
  /** Recent values of the small repeating fields (unit, identifier, transport, boot id), to reuse their strings. */
  private readonly interned: { bytes: Buffer; text: string }[][] = FIELD_NAMES.map(() => []);
  private messageCut = false;
  private any = false;
  private lastRawBootId = '';
  private lastBootId: string | null = null;

  /** Bytes of this field's value worth keeping. */
  capOf(id: number): number {
    return id === MESSAGE ? MAX_MESSAGE_BYTES : id >= 0 ? MAX_OTHER_BYTES : 0;
  }

  /** Records that an entry is being read, even if none of its fields is wanted. */
  touch(): void {
    this.any = true;
  }

  /** A value given as text (JSON), or null when the journal did not show it. */
  set(id: number, value: string | null, cut: boolean): void {
    this.any = true;
    if (id < 0) return;
    if (id === MESSAGE) {
      if (cut || value === null) this.messageCut = true;
      const text = value ?? '';
      const before = this.values[MESSAGE];
      this.values[MESSAGE] = before === undefined ? text : `${before}\n${text}`;
      return;
    }
    if (value !== null && this.values[id] === undefined && this.numbers[id] === undefined) this.values[id] = value;
  }

  /**
   * A value given as bytes (export). Every entry repeats its unit, identifier and boot and has
   * fresh stamps: numbers are read from their digits and the repeating strings reused, so an entry
   * costs few allocations beyond its message.
   */
  setBytes(id: number, bytes: Buffer, start: number, end: number, cut: boolean): void {
    this.any = true;
    if (id === MESSAGE) return this.set(id, bytes.toString('utf8', start, end), cut);
    if (id < 0 || this.values[id] !== undefined || this.numbers[id] !== undefined) return;
    if (NUMERIC.has(id)) {
      const number = digits(bytes, start, end);
      if (number !== null) {
        this.numbers[id] = number;
        return;
      }
    }
    this.values[id] = this.intern(id, bytes, start, end);
  }

  private intern(id: number, bytes: Buffer, start: number, end: number): string {
    const cache = this.interned[id] as { bytes: Buffer; text: string }[];
    const length = end - start;
    for (const item of cache) {
      if (item.bytes.length !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i += 1) same = item.bytes[i] === bytes[start + i];
      if (same) return item.text;
    }
    const text = bytes.toString('utf8', start, end);
    if (cache.length >= INTERNED_PER_FIELD) cache.shift();
    cache.push({ bytes: Buffer.from(bytes.subarray(start, end)), text });
    return text;
  }

  get isEmpty(): boolean {
    return !this.any;
  }

  /** Builds the entry and resets the set for the next one; `warn` hears about malformed stamps. */
  take(file: string, line: number, warn: (message: string) => void): JournalEntry {
    const v = this.values;
    const realtime = this.numberOf(REALTIME, '__REALTIME_TIMESTAMP', warn, 17);
    const monotonic = this.numberOf(MONOTONIC, '__MONOTONIC_TIMESTAMP', warn, 17);
    const bootId = v[BOOT_ID] ? this.bootIdOf(v[BOOT_ID]) : null;
    if (v[BOOT_ID] && !bootId) warn(`_BOOT_ID is not 32 hex digits: ${v[BOOT_ID].slice(0, 40)}`);
    const pid = this.numberOf(PID, null, warn, 10) ?? this.numberOf(SYSLOG_PID, null, warn, 10);
    const priority = this.numberOf(PRIORITY, null, warn, 10);
    const stamp: Stamp = {
      text: realtime !== null ? `__REALTIME_TIMESTAMP=${realtime}` : monotonic !== null ? `__MONOTONIC_TIMESTAMP=${monotonic}` : '',
      monotonic: monotonic === null ? null : monotonic / 1e6,
      utcMs: realtime === null ? null : realtime / 1000,
      local: null,
      bootId,
    };
    const sourceMonotonic = this.numberOf(SOURCE_MONOTONIC, '_SOURCE_MONOTONIC_TIMESTAMP', warn, 17);
    const entry: JournalEntry = {
      stamp,
      sourceMonotonic: sourceMonotonic === null ? null : sourceMonotonic / 1e6,
      transport: v[TRANSPORT] ?? null,
      unit: pid === 1 && v[UNIT] ? v[UNIT] : (v[SYSTEMD_UNIT] ?? (v[IDENTIFIER] === 'systemd' ? (v[UNIT] ?? null) : null)),
      identifier: v[IDENTIFIER] ?? null,
      pid,
      priority: priority !== null && priority >= 0 && priority <= 7 ? priority : null,
      message: v[MESSAGE] ?? '',
      messageCut: this.messageCut,
      file,
      line,
    };
    this.reset();
    return entry;
  }

  /** Consecutive entries nearly always share their boot: normalise each raw id once. */
  private bootIdOf(raw: string): string | null {
    if (raw !== this.lastRawBootId) {
      this.lastRawBootId = raw;
      this.lastBootId = normaliseBootId(raw);
    }
    return this.lastBootId;
  }

  /** A numeric field, read from bytes or text; a malformed stamp is reported (`name`), other numbers just dropped. */
  private numberOf(id: number, name: string | null, warn: (message: string) => void, maxDigits: number): number | null {
    const number = this.numbers[id];
    if (number !== undefined) return number;
    const text = this.values[id];
    if (text === undefined) return null;
    if (isDigits(text, maxDigits)) return Number(text);
    if (name) warn(`${name} is not a number of microseconds: ${text.slice(0, 40)}`);
    return null;
  }

  reset(): void {
    this.values.fill(undefined);
    this.numbers.fill(undefined);
    this.messageCut = false;
    this.any = false;
  }
}

/** The number spelled by ASCII digits in bytes [start, end), or null (not digits, or too long to be exact). */
function digits(bytes: Buffer, start: number, end: number): number | null {
  if (end <= start || end - start > 16) return null;
  let number = 0;
  for (let i = start; i < end; i += 1) {
    const c = (bytes[i] as number) - 0x30;
    if (c < 0 || c > 9) return null;
    number = number * 10 + c;
  }
  return number <= Number.MAX_SAFE_INTEGER ? number : null;
}

function isDigits(value: string, maxLength: number): boolean {
  if (value.length === 0 || value.length > maxLength) return false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
