/**
 * `/proc/vmstat`: one `name value` counter a line, all kept (bounded). Sample: `oom_kill 2` →
 * { counters: { oom_kill: 2, … }, oomKill: 2 }. `oom_kill` exists since Linux 4.13; counters
 * count since boot.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedRecord, splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseInteger } from './numbers.js';

export interface ProcVmstatSnapshot {
  file: string;
  counters: Record<string, number>;
  /** Kernel OOM kills since boot; null before 4.13 (no counter). */
  oomKill: number | null;
  /** Pages swapped in / out since boot. */
  pswpin: number | null;
  pswpout: number | null;
  pgmajfault: number | null;
  /** Direct reclaim stalls: `allocstall` (old kernels) or the sum of `allocstall_<zone>`. */
  allocstall: number | null;
  droppedCounters: number;
}

export const MAX_VMSTAT_COUNTERS = 2000;

export function createProcVmstatReader() {
  return createLineReader(startProcVmstat, (snapshot) => Object.keys(snapshot.counters).length === 0);
}

export function startProcVmstat(file: SourceFile, report: ReportIssue): LineParser<ProcVmstatSnapshot> {
  const counters = new BoundedRecord<number>(MAX_VMSTAT_COUNTERS);
  let allocstall: number | null = null;
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0) return;
      const value = words.length === 2 ? parseInteger(words[1]!) : null;
      if (value === null || !/^[a-z0-9_]+$/i.test(words[0]!)) return report(lineNo, 'not a /proc/vmstat line');
      counters.set(words[0]!, value);
      if (words[0]!.startsWith('allocstall')) allocstall = (allocstall ?? 0) + value;
    },
    finish() {
      const get = (key: string) => counters.values[key] ?? null;
      if (counters.size === 0) report(null, 'no /proc/vmstat counters found');
      return {
        file: file.path,
        counters: counters.values,
        oomKill: get('oom_kill'),
        pswpin: get('pswpin'),
        pswpout: get('pswpout'),
        pgmajfault: get('pgmajfault'),
        allocstall,
        droppedCounters: counters.dropped,
      };
    },
  };
}
