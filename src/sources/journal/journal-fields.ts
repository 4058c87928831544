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

type Wanted = 'realtime' | 'monotonic' | 'bootId' | 'transport' | 'systemdUnit' | 'unit' | 'identifier' | 'pid' | 'syslogPid' | 'priority' | 'message' | 'sourceMonotonic';

const WANTED: Record<string, Wanted> = {
  __REALTIME_TIMESTAMP: 'realtime',
  __MONOTONIC_TIMESTAMP: 'monotonic',
  _BOOT_ID: 'bootId',
  _TRANSPORT: 'transport',
  _SYSTEMD_UNIT: 'systemdUnit',
  UNIT: 'unit',
  SYSLOG_IDENTIFIER: 'identifier',
  _PID: 'pid',
  SYSLOG_PID: 'syslogPid',
  PRIORITY: 'priority',
  MESSAGE: 'message',
  _SOURCE_MONOTONIC_TIMESTAMP: 'sourceMonotonic',
};

export class JournalFieldSet {
  private values: Partial<Record<Wanted, string>> = {};
  private messageCut = false;
  private any = false;

  /** Bytes of this field's value worth keeping; 0 means skip it unread. */
  capFor(name: string): number {
    const wanted = WANTED[name];
    if (!wanted) return 0;
    return wanted === 'message' ? MAX_MESSAGE_BYTES : MAX_OTHER_BYTES;
  }

  /** Records that an entry is being read, even if none of its fields is wanted. */
  touch(): void {
    this.any = true;
  }

  set(name: string, value: string | null, cut: boolean): void {
    this.any = true;
    const wanted = WANTED[name];
    if (!wanted) return;
    if (wanted === 'message') {
      if (cut || value === null) this.messageCut = true;
      const text = value ?? '';
      this.values.message = this.values.message === undefined ? text : `${this.values.message}\n${text}`;
      return;
    }
    if (value !== null && this.values[wanted] === undefined) this.values[wanted] = value;
  }

  get isEmpty(): boolean {
    return !this.any;
  }

  /** Builds the entry and resets the set for the next one; `warn` hears about malformed stamps. */
  take(file: string, line: number, warn: (message: string) => void): JournalEntry {
    const v = this.values;
    const realtime = micros(v.realtime, '__REALTIME_TIMESTAMP', warn);
    const monotonic = micros(v.monotonic, '__MONOTONIC_TIMESTAMP', warn);
    const bootId = v.bootId ? normaliseBootId(v.bootId) : null;
    if (v.bootId && !bootId) warn(`_BOOT_ID is not 32 hex digits: ${v.bootId.slice(0, 40)}`);
    const pid = toInt(v.pid) ?? toInt(v.syslogPid);
    const priority = toInt(v.priority);
    const stamp: Stamp = {
      text: v.realtime !== undefined ? `__REALTIME_TIMESTAMP=${v.realtime}` : v.monotonic !== undefined ? `__MONOTONIC_TIMESTAMP=${v.monotonic}` : '',
      monotonic: monotonic === null ? null : monotonic / 1e6,
      utcMs: realtime === null ? null : realtime / 1000,
      local: null,
      bootId,
    };
    const sourceMonotonic = micros(v.sourceMonotonic, '_SOURCE_MONOTONIC_TIMESTAMP', warn);
    const entry: JournalEntry = {
      stamp,
      sourceMonotonic: sourceMonotonic === null ? null : sourceMonotonic / 1e6,
      transport: v.transport ?? null,
      unit: pid === 1 && v.unit ? v.unit : (v.systemdUnit ?? (v.identifier === 'systemd' ? (v.unit ?? null) : null)),
      identifier: v.identifier ?? null,
      pid,
      priority: priority !== null && priority >= 0 && priority <= 7 ? priority : null,
      message: v.message ?? '',
      messageCut: this.messageCut,
      file,
      line,
    };
    this.reset();
    return entry;
  }

  reset(): void {
    this.values = {};
    this.messageCut = false;
    this.any = false;
  }
}

function micros(value: string | undefined, name: string, warn: (message: string) => void): number | null {
  if (value === undefined) return null;
  if (/^\d{1,17}$/.test(value)) return Number(value);
  warn(`${name} is not a number of microseconds: ${value.slice(0, 40)}`);
  return null;
}

function toInt(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : null;
}
