/**
 * `/proc/stat` (kernel Documentation/filesystems/proc.rst). Sample: `cpu  7863 0 1308 178667 135 0 87 4 0 0`
 * → { cpu: { user: 7863, nice: 0, system: 1308, idle: 178667, iowait: 135, irq: 0, softirq: 87, steal: 4, guest: 0,
 * guestNice: 0 } } (USER_HZ ticks since boot); each `cpuN` line is one core; `btime 1795838259` is the boot
 * time in seconds since the epoch.
 */
import type { SourceFile } from '../source-reader.js';
import { splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { parseInteger } from './numbers.js';

/** Ticks (USER_HZ, usually 100 a second) since boot; null for columns an old kernel does not print. */
export interface CpuTimes {
  user: number | null;
  nice: number | null;
  system: number | null;
  idle: number | null;
  iowait: number | null;
  irq: number | null;
  softirq: number | null;
  steal: number | null;
  guest: number | null;
  guestNice: number | null;
}

export interface ProcStatSnapshot {
  file: string;
  /** The all-CPU `cpu` line. */
  cpu: CpuTimes | null;
  /** How many `cpuN` lines: the online cores. */
  cores: number;
  /** `btime`: boot time, seconds since the epoch (UTC). */
  bootTimeSeconds: number | null;
  contextSwitches: number | null;
  /** `processes`: forks since boot. */
  processesCreated: number | null;
  procsRunning: number | null;
  procsBlocked: number | null;
  /** First number of the `intr` line: all interrupts since boot. */
  interrupts: number | null;
}

const CPU_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

type Counter = 'bootTimeSeconds' | 'contextSwitches' | 'processesCreated' | 'procsRunning' | 'procsBlocked' | 'interrupts';

const SINGLE_VALUES = new Map<string, Counter>([
  ['btime', 'bootTimeSeconds'],
  ['ctxt', 'contextSwitches'],
  ['processes', 'processesCreated'],
  ['procs_running', 'procsRunning'],
  ['procs_blocked', 'procsBlocked'],
  ['intr', 'interrupts'],
]);

export function createProcStatReader() {
  return createLineReader(startProcStat, (snapshot) => snapshot.cpu === null && snapshot.bootTimeSeconds === null);
}

export function startProcStat(file: SourceFile, report: ReportIssue): LineParser<ProcStatSnapshot> {
  const snapshot: ProcStatSnapshot = {
    file: file.path,
    cpu: null,
    cores: 0,
    bootTimeSeconds: null,
    contextSwitches: null,
    processesCreated: null,
    procsRunning: null,
    procsBlocked: null,
    interrupts: null,
  };
  return {
    line(text, lineNo) {
      const space = text.indexOf(' ');
      const key = space === -1 ? text : text.slice(0, space);
      if (key === '') return;
      if (key === 'cpu') {
        snapshot.cpu = readCpuTimes(text);
        if (!snapshot.cpu) report(lineNo, 'unreadable cpu line');
        return;
      }
      if (/^cpu\d+$/.test(key)) {
        snapshot.cores += 1;
        return;
      }
      const field = SINGLE_VALUES.get(key);
      if (!field) {
        // `page`, `swap`, `softirq` … are fine; a line that is no `key values` is not.
        if (!/^[a-z_]+$/.test(key)) report(lineNo, 'not a /proc/stat line');
        return;
      }
      const value = parseInteger(splitWords(text.slice(space + 1, space + 64))[0] ?? '');
      if (value === null) return report(lineNo, `unreadable ${key} line`);
      snapshot[field] = value;
    },
    finish() {
      if (snapshot.cpu === null && snapshot.bootTimeSeconds === null) report(null, 'no cpu or btime line found');
      return snapshot;
    },
  };
}

function readCpuTimes(text: string): CpuTimes | null {
  const values = splitWords(text).slice(1).map(parseInteger);
  if (values.length < 4 || values.some((value) => value === null)) return null;
  const times = {} as CpuTimes;
  CPU_FIELDS.forEach((name, index) => (times[name] = values[index] ?? null));
  return times;
}
