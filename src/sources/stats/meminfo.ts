/**
 * `/proc/meminfo` (domain-facts §6.7). Sample: `MemAvailable:   24344904 kB` → kib.MemAvailable = 24344904;
 * `HugePages_Total:       0` → counts.HugePages_Total = 0 (pages, no unit). `kB` means KiB.
 * MemAvailable exists since Linux 3.14.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedRecord } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseInteger } from './numbers.js';

export interface MeminfoSnapshot {
  file: string;
  /** Every `Key: value kB` line, in KiB, by its key as printed (`Active(anon)`). */
  kib: Record<string, number>;
  /** Lines without a unit: `HugePages_Total`, `HugePages_Free`, `HugePages_Rsvd`, `HugePages_Surp` (pages). */
  counts: Record<string, number>;
  memTotalKib: number | null;
  memFreeKib: number | null;
  /** null before Linux 3.14. */
  memAvailableKib: number | null;
  swapTotalKib: number | null;
  swapFreeKib: number | null;
  droppedKeys: number;
}

export const MAX_MEMINFO_KEYS = 500;

const LINE = /^([^:\s]+):\s*(\d+)(?:\s+(kB))?\s*$/;

export function createMeminfoReader() {
  return createLineReader(startMeminfo, (snapshot) => snapshot.memTotalKib === null);
}

export function startMeminfo(file: SourceFile, report: ReportIssue): LineParser<MeminfoSnapshot> {
  const kib = new BoundedRecord<number>(MAX_MEMINFO_KEYS);
  const counts = new BoundedRecord<number>(MAX_MEMINFO_KEYS);
  return {
    line(text, lineNo) {
      if (text.trim() === '') return;
      const match = LINE.exec(text);
      const value = match ? parseInteger(match[2]!) : null;
      if (!match || value === null) return report(lineNo, 'not a /proc/meminfo line');
      (match[3] ? kib : counts).set(match[1]!, value);
    },
    finish() {
      const get = (key: string) => kib.values[key] ?? null;
      if (kib.size === 0) report(null, 'no /proc/meminfo values found');
      return {
        file: file.path,
        kib: kib.values,
        counts: counts.values,
        memTotalKib: get('MemTotal'),
        memFreeKib: get('MemFree'),
        memAvailableKib: get('MemAvailable'),
        swapTotalKib: get('SwapTotal'),
        swapFreeKib: get('SwapFree'),
        droppedKeys: kib.dropped + counts.dropped,
      };
    },
  };
}
