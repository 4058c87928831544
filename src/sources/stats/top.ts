/**
 * `top -b -n 1` (procps-ng, or BusyBox): the summary (top-summary.ts) and the process table, read
 * by its labels, the last column being the command. Sample, procps-ng 4.0.2:
 *
 *   top - 04:13:17 up 15 min,  0 user,  load average: 0.41, 0.14, 0.08
 *   …
 *     PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND
 *       1 root      20   0   40884  13732   5592 S   0.0   0.1   0:01.22 process_a+
 *
 *   → { variant: 'procps', clock: '04:13:17', uptimeSeconds: 900, users: 0, loadAverage: { one: 0.41, … },
 *       processes: [{ pid: 1, user: 'root', priority: '20', nice: 0, virtKib: 40884, resKib: 13732, shrKib: 5592,
 *                     state: 'S', cpuPercent: 0, memPercent: 0.1, cpuTime: '0:01.22', command: 'process_a+' }] }
 *
 * Memory columns are KiB unless suffixed (`1.2g`). Only the first iteration is read: with
 * `-n 2` or more, later ones are counted and skipped.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedList, splitFields, splitWords } from './columns.js';
import { createLineReader, type LineParser, type ReportIssue } from './line-reader.js';
import { readLoadAverage, type LoadAverage } from './loadavg.js';
import { parseInteger, parseKib, parsePercent } from './numbers.js';
import { applyMemoryLine, emptyMemory, readCpu, readMemoryLine, readTasks, readTopClock, type TopCpu, type TopMemory, type TopSwap, type TopTasks } from './top-summary.js';

export type { TopCpu, TopMemory, TopSwap, TopTasks } from './top-summary.js';

export interface TopProcess {
  line: number;
  pid: number;
  /** BusyBox shows it; procps only when configured. */
  ppid: number | null;
  user: string | null;
  /** `20`, `rt`, `-51`: kept as printed. */
  priority: string | null;
  nice: number | null;
  virtKib: number | null;
  resKib: number | null;
  shrKib: number | null;
  state: string | null;
  cpuPercent: number | null;
  memPercent: number | null;
  /** `0:01.22` (TIME+) or `0:01` (TIME), as printed. */
  cpuTime: string | null;
  /** Last column: the name (possibly cut with `+`), or the command line with `-c` and in BusyBox. */
  command: string;
}

export interface TopSnapshot {
  file: string;
  variant: 'procps' | 'busybox' | 'unknown';
  clock: string | null;
  uptimeSeconds: number | null;
  users: number | null;
  loadAverage: LoadAverage | null;
  tasks: TopTasks | null;
  /** `%Cpu(s)`; null when only per-CPU lines (`-1`) were printed. */
  cpu: TopCpu | null;
  /** `%Cpu0 :`, `%Cpu1 :` … with `-1`. */
  perCpu: TopCpu[];
  memory: TopMemory | null;
  swap: TopSwap | null;
  /** The process table labels as printed. */
  columns: string[];
  processes: TopProcess[];
  droppedProcesses: number;
  /** Iterations after the first (`-n 2` …), not read. */
  skippedIterations: number;
}

export const MAX_TOP_PROCESSES = 5000;
const MAX_PER_CPU = 1024;
const MAX_SUMMARY_LINE = 2048;

type Column = (process: TopProcess, text: string) => void;

const COLUMNS = new Map<string, Column>([
  ['PPID', (p, t) => (p.ppid = parseInteger(t))],
  ['USER', (p, t) => (p.user = t)],
  ['PR', (p, t) => (p.priority = t)],
  ['NI', (p, t) => (p.nice = parseInteger(t))],
  ['VIRT', (p, t) => (p.virtKib = parseKib(t))],
  ['VSZ', (p, t) => (p.virtKib = parseKib(t))],
  ['RES', (p, t) => (p.resKib = parseKib(t))],
  ['SHR', (p, t) => (p.shrKib = parseKib(t))],
  ['S', (p, t) => (p.state = t)],
  ['STAT', (p, t) => (p.state = t)],
  ['%CPU', (p, t) => (p.cpuPercent = parsePercent(t))],
  ['%MEM', (p, t) => (p.memPercent = parsePercent(t))],
  ['TIME+', (p, t) => (p.cpuTime = t)],
  ['TIME', (p, t) => (p.cpuTime = t)],
]);

export function createTopReader() {
  return createLineReader(startTop, (snapshot) => snapshot.processes.length === 0 && snapshot.memory === null);
}

export function startTop(file: SourceFile, report: ReportIssue): LineParser<TopSnapshot> {
  const snapshot = emptySnapshot(file.path);
  const processes = new BoundedList<TopProcess>(MAX_TOP_PROCESSES);
  const memory = emptyMemory();
  const swap: TopSwap = { totalKib: null, freeKib: null, usedKib: null };
  let labels: string[] | null = null;
  let iteration = 0;
  return {
    line(text, lineNo) {
      const trimmed = text.trimStart();
      if (trimmed.startsWith('top - ')) {
        iteration += 1;
        if (iteration > 1) return;
        if (trimmed.length > MAX_SUMMARY_LINE) return report(lineNo, 'top clock line too long: ignored');
        Object.assign(snapshot, readTopClock(trimmed));
        snapshot.variant = 'procps';
        return;
      }
      // BusyBox starts its next iteration with `Mem:` and no `top -` line.
      if (labels && snapshot.variant === 'busybox' && trimmed.startsWith('Mem:')) {
        iteration = Math.max(iteration, 1) + 1;
        return;
      }
      if (iteration > 1 || trimmed === '') return;
      if (labels) return addProcess(processes, labels, text, lineNo, report);
      if (trimmed.startsWith('PID ')) {
        labels = splitWords(trimmed);
        snapshot.columns = labels;
        return;
      }
      // Summary lines are short; their regular expressions must never see a 64 KiB line of digits.
      if (trimmed.length > MAX_SUMMARY_LINE || !readSummaryLine(snapshot, memory, swap, trimmed)) report(lineNo, 'not a top summary line');
    },
    finish() {
      if (memory.totalKib === null && memory.usedKib !== null && memory.freeKib !== null && snapshot.variant === 'busybox') {
        memory.totalKib = memory.usedKib + memory.freeKib;
      }
      const hasMemory = memory.cutValues > 0 || [memory.totalKib, memory.freeKib, memory.usedKib, memory.availableKib].some((value) => value !== null);
      const hasSwap = [swap.totalKib, swap.freeKib, swap.usedKib].some((value) => value !== null);
      if (!labels && !hasMemory) report(null, 'no top summary or process table found');
      return {
        ...snapshot,
        memory: hasMemory ? memory : null,
        swap: hasSwap ? swap : null,
        processes: processes.items,
        droppedProcesses: processes.dropped,
        skippedIterations: Math.max(0, iteration - 1),
      };
    },
  };
}

/** One line above the process table; false when it is none of the known ones. */
function readSummaryLine(snapshot: TopSnapshot, memory: TopMemory, swap: TopSwap, text: string): boolean {
  if (text.startsWith('Tasks:') || text.startsWith('Threads:')) {
    snapshot.tasks = readTasks(text);
    return true;
  }
  if (/^%?Cpu\d+\s*:/i.test(text)) {
    for (const part of text.split(/(?=%?Cpu\d+\s*:)/i)) {
      const cpu = readCpu(part);
      if (cpu && snapshot.perCpu.length < MAX_PER_CPU) snapshot.perCpu.push(cpu);
    }
    return true;
  }
  if (/^%?Cpu\(s\)/i.test(text) || text.startsWith('CPU:')) {
    snapshot.cpu = readCpu(text);
    if (text.startsWith('CPU:')) snapshot.variant = 'busybox';
    return snapshot.cpu !== null;
  }
  if (text.startsWith('Load average:')) {
    snapshot.variant = 'busybox';
    snapshot.loadAverage = readLoadAverage(text.slice('Load average:'.length));
    return snapshot.loadAverage !== null;
  }
  const line = readMemoryLine(text);
  if (!line) return false;
  if (snapshot.variant === 'unknown' && /^Mem:\s*\d+K used/.test(text)) snapshot.variant = 'busybox';
  applyMemoryLine(memory, swap, line);
  return true;
}

function addProcess(processes: BoundedList<TopProcess>, labels: string[], text: string, lineNo: number, report: ReportIssue): void {
  if (processes.full) {
    processes.dropped += 1;
    return;
  }
  const fields = splitFields(text, labels.length);
  const pid = parseInteger(fields[labels.indexOf('PID')] ?? '');
  if (fields.length < labels.length || pid === null) return report(lineNo, 'not a top process row');
  const process: TopProcess = {
    line: lineNo,
    pid,
    ppid: null,
    user: null,
    priority: null,
    nice: null,
    virtKib: null,
    resKib: null,
    shrKib: null,
    state: null,
    cpuPercent: null,
    memPercent: null,
    cpuTime: null,
    command: fields[labels.length - 1]!,
  };
  for (let index = 0; index < labels.length - 1; index += 1) COLUMNS.get(labels[index]!)?.(process, fields[index]!);
  processes.push(process);
}

function emptySnapshot(file: string): TopSnapshot {
  return {
    file,
    variant: 'unknown',
    clock: null,
    uptimeSeconds: null,
    users: null,
    loadAverage: null,
    tasks: null,
    cpu: null,
    perCpu: [],
    memory: null,
    swap: null,
    columns: [],
    processes: [],
    droppedProcesses: 0,
    skippedIterations: 0,
  };
}
