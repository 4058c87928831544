/**
 * The summary lines above top's process table (domain-facts §6.2), read by the label after each
 * number rather than by position, so the ≤ 3.3.9 order (`used` before `free`, `buffers`,
 * `cached Mem` on the swap line) and the ≥ 3.3.10 order (`free`, `used`, `buff/cache`,
 * `avail Mem`) need no version check:
 *
 *   top - 04:13:17 up 15 min,  0 user,  load average: 0.41, 0.14, 0.08
 *   Tasks:  74 total,   1 running,  73 sleeping,   0 stopped,   0 zombie
 *   %Cpu(s):  0.0 us,100.0 sy,  0.0 ni,  0.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st
 *   MiB Mem :  24105.6 total,  23294.8 free,    343.0 used,    704.1 buff/cache
 *   MiB Swap:      0.0 total,      0.0 free,      0.0 used.  23762.6 avail Mem
 *
 * and BusyBox: `Mem: 829664K used, 23854428K free, 8856K shrd, 47060K buff, 619076K cached`,
 * `CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq`.
 */
import { readLoadAverage, type LoadAverage } from './loadavg.js';
import { parseDecimal, parseKib } from './numbers.js';

export interface TopClock {
  /** `04:13:17`: top prints no date, so only the model can place it. */
  clock: string | null;
  /** From `up 10 days,  3:04` / `up 15 min`: minute precision. */
  uptimeSeconds: number | null;
  users: number | null;
  loadAverage: LoadAverage | null;
}

export interface TopTasks {
  total: number | null;
  running: number | null;
  sleeping: number | null;
  /** `d-sleep` of procps-ng ≥ 4.0.5 (counted in `sleeping` before). */
  uninterruptible: number | null;
  stopped: number | null;
  zombie: number | null;
}

export interface TopCpu {
  userPercent: number | null;
  systemPercent: number | null;
  nicePercent: number | null;
  idlePercent: number | null;
  iowaitPercent: number | null;
  hardIrqPercent: number | null;
  softIrqPercent: number | null;
  stealPercent: number | null;
}

export interface TopMemory {
  totalKib: number | null;
  freeKib: number | null;
  usedKib: number | null;
  /** `buffers` (≤ 3.3.9) or BusyBox `buff`. */
  buffersKib: number | null;
  /** `cached Mem` (≤ 3.3.9, on the swap line) or BusyBox `cached`. */
  cachedKib: number | null;
  /** `buff/cache` (≥ 3.3.10). */
  buffCacheKib: number | null;
  sharedKib: number | null;
  /** `avail Mem` (≥ 3.3.10, on the swap line). */
  availableKib: number | null;
  /** ≤ 3.3.9 and BusyBox count buffers and cache as used; ≥ 3.3.10 does not. */
  usedIncludesCache: boolean;
  /** Numbers too wide for their field (`13174580+total`) are printed cut with a `+`: read as null. */
  cutValues: number;
}

export interface TopSwap {
  totalKib: number | null;
  freeKib: number | null;
  usedKib: number | null;
}

const UPTIME = /\bup\s+(?:(\d+)\s+days?,\s*)?(?:(\d+):(\d{2})|(\d+)\s+min)/;

/** `top - 04:13:17 up 15 min,  0 user,  load average: 0.41, 0.14, 0.08` */
export function readTopClock(text: string): TopClock {
  const clock = /^top\s+-\s+(\d{1,2}:\d{2}:\d{2})/.exec(text)?.[1] ?? null;
  const up = UPTIME.exec(text);
  const uptimeSeconds = up ? (Number(up[1] ?? 0) * 24 * 60 + Number(up[2] ?? 0) * 60 + Number(up[3] ?? up[4] ?? 0)) * 60 : null;
  const users = /(\d+)\s+users?\b/.exec(text);
  const load = /load average:\s*(.*)$/.exec(text);
  return { clock, uptimeSeconds, users: users ? Number(users[1]) : null, loadAverage: load ? readLoadAverage(load[1]!) : null };
}

const TASK_FIELDS = new Map<string, keyof TopTasks>([
  ['total', 'total'],
  ['running', 'running'],
  ['sleeping', 'sleeping'],
  ['sleep', 'sleeping'],
  ['d-sleep', 'uninterruptible'],
  ['stopped', 'stopped'],
  ['zombie', 'zombie'],
]);

/** `Tasks: 231 total,   1 running, 230 sleep,   0 d-sleep,   0 stopped,   0 zombie` */
export function readTasks(text: string): TopTasks {
  const tasks: TopTasks = { total: null, running: null, sleeping: null, uninterruptible: null, stopped: null, zombie: null };
  for (const [, value, label] of text.matchAll(/(\d+)\s+(total|running|sleeping|d-sleep|sleep|stopped|zombie)\b/g)) {
    tasks[TASK_FIELDS.get(label!)!] = Number(value);
  }
  return tasks;
}

const CPU_FIELDS = new Map<string, keyof TopCpu>([
  ['us', 'userPercent'],
  ['sy', 'systemPercent'],
  ['ni', 'nicePercent'],
  ['id', 'idlePercent'],
  ['wa', 'iowaitPercent'],
  ['hi', 'hardIrqPercent'],
  ['si', 'softIrqPercent'],
  ['st', 'stealPercent'],
  ['usr', 'userPercent'],
  ['sys', 'systemPercent'],
  ['nic', 'nicePercent'],
  ['idle', 'idlePercent'],
  ['io', 'iowaitPercent'],
  ['irq', 'hardIrqPercent'],
  ['sirq', 'softIrqPercent'],
]);

/** `%Cpu(s):  2.0 us, …`, `Cpu(s):  0.3%us, …` (≤ 3.2), or BusyBox `CPU:   0% usr …`; null when no share is readable. */
export function readCpu(text: string): TopCpu | null {
  const cpu: TopCpu = { userPercent: null, systemPercent: null, nicePercent: null, idlePercent: null, iowaitPercent: null, hardIrqPercent: null, softIrqPercent: null, stealPercent: null };
  let found = false;
  for (const [, value, label] of text.matchAll(/(\d+(?:[.,]\d+)?)%?\s*(usr|sys|nic|idle|sirq|irq|io|us|sy|ni|id|wa|hi|si|st)\b/g)) {
    cpu[CPU_FIELDS.get(label!)!] = parseDecimal(value!);
    found = true;
  }
  return found ? cpu : null;
}

const UNIT_KIB = new Map([
  ['KiB', 1],
  ['MiB', 1024],
  ['GiB', 1024 ** 2],
  ['TiB', 1024 ** 3],
  ['PiB', 1024 ** 4],
  ['EiB', 1024 ** 5],
]);

const MEMORY_PAIR = /(\d+(?:[.,]\d+)?)([kKmMgGtT]?)(\+?)\s*(buff\/cache|buffers|buff|cached|avail|total|free|used|shrd|shared)\b/g;

/** A `Mem`/`Swap` line as label → KiB (null for a value printed cut); `kind` from the line's name. */
export function readMemoryLine(text: string): { kind: 'memory' | 'swap'; values: Map<string, number | null> } | null {
  const head = /^\s*(?:([KMGTPE]iB)\s+)?([^\s:]+)\s*:/.exec(text);
  if (!head) return null;
  const unitKib = head[1] ? UNIT_KIB.get(head[1])! : 1;
  const values = new Map<string, number | null>();
  for (const [, number, suffix, cut, label] of text.matchAll(MEMORY_PAIR)) {
    values.set(label!, cut ? null : parseKib(number! + suffix!, unitKib));
  }
  if (values.size === 0) return null;
  return { kind: head[2] === 'Swap' ? 'swap' : 'memory', values };
}

/** Fills memory and swap from the `Mem` and `Swap` lines, whichever line a label sits on. */
export function applyMemoryLine(memory: TopMemory, swap: TopSwap, line: { kind: 'memory' | 'swap'; values: Map<string, number | null> }): void {
  for (const [label, value] of line.values) {
    if (value === null) memory.cutValues += 1;
    if (label === 'avail') memory.availableKib = value;
    else if (label === 'cached') memory.cachedKib = value;
    else if (line.kind === 'swap') assignSwap(swap, label, value);
    else assignMemory(memory, label, value);
  }
}

function assignSwap(swap: TopSwap, label: string, value: number | null): void {
  if (label === 'total') swap.totalKib = value;
  else if (label === 'free') swap.freeKib = value;
  else if (label === 'used') swap.usedKib = value;
}

function assignMemory(memory: TopMemory, label: string, value: number | null): void {
  if (label === 'total') memory.totalKib = value;
  else if (label === 'free') memory.freeKib = value;
  else if (label === 'used') memory.usedKib = value;
  else if (label === 'buff/cache') memory.buffCacheKib = value;
  else if (label === 'buffers' || label === 'buff') {
    memory.buffersKib = value;
    memory.usedIncludesCache = true;
  } else if (label === 'shrd' || label === 'shared') memory.sharedKib = value;
}

export function emptyMemory(): TopMemory {
  return { totalKib: null, freeKib: null, usedKib: null, buffersKib: null, cachedKib: null, buffCacheKib: null, sharedKib: null, availableKib: null, usedIncludesCache: false, cutValues: 0 };
}
