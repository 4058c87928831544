/**
 * `/proc/loadavg` (domain-facts §6.7). Sample: `0.38 0.14 0.08 1/85 6848`
 *   → { one: 0.38, five: 0.14, fifteen: 0.08, runnable: 1, tasks: 85, lastPid: 6848 }
 */
import type { SourceFile } from '../source-reader.js';
import { splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseDecimal, parseInteger } from './numbers.js';

/** Run-queue averages over 1, 5 and 15 minutes (also shown by top and uptime). */
export interface LoadAverage {
  one: number;
  five: number;
  fifteen: number;
}

export interface LoadavgSnapshot extends LoadAverage {
  file: string;
  /** Runnable scheduling entities (tasks) at the time of reading. */
  runnable: number | null;
  /** All tasks on the node. */
  tasks: number | null;
  lastPid: number | null;
}

export function createLoadavgReader() {
  return createLineReader(startLoadavg, (snapshot) => snapshot === null);
}

/** `0.15, 0.10, 0.05` or `0,15, 0,10, 0,05` (top, locale) or `0.15 0.10 0.05` → LoadAverage. */
export function readLoadAverage(text: string): LoadAverage | null {
  const parts = text.trim().split(/,\s+|\s+/);
  if (parts.length < 3) return null;
  const [one, five, fifteen] = parts.map(parseDecimal);
  if (one == null || five == null || fifteen == null) return null;
  return { one, five, fifteen };
}

export function startLoadavg(file: SourceFile, report: ReportIssue): LineParser<LoadavgSnapshot | null> {
  let snapshot: LoadavgSnapshot | null = null;
  return {
    line(text, lineNo) {
      const words = splitWords(text);
      if (words.length === 0) return;
      const load = snapshot === null ? readLoadAverage(words.slice(0, 3).join(' ')) : null;
      if (!load) return report(lineNo, snapshot ? 'more than one line in /proc/loadavg: ignored' : 'not a /proc/loadavg line');
      const [runnable, tasks] = (words[3] ?? '').split('/').map(parseInteger);
      snapshot = { file: file.path, ...load, runnable: runnable ?? null, tasks: tasks ?? null, lastPid: parseInteger(words[4] ?? '') };
    },
    finish() {
      if (!snapshot) report(null, 'no load average found');
      return snapshot;
    },
  };
}
