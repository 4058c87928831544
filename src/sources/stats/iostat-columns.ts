/**
 * What each `iostat` device column means, by label, across the sysstat layouts of domain-facts
 * §6.3. Sizes become KiB whatever the tool printed: `-m` columns (`rMB/s`) are MiB, `avgrq-sz`
 * and `rsec/s` are 512-byte sectors, and `-h` values carry their own suffix (`366.9k`).
 */
import { parseDecimal, parseKib, parsePercent } from './numbers.js';

export interface IostatDevice {
  name: string;
  /** Line of the row (the first one, when `--pretty` spreads a device over several tables). */
  line: number;
  // Each metric is absent when the layout has no such column.
  readsPerSec?: number;
  writesPerSec?: number;
  discardsPerSec?: number;
  flushesPerSec?: number;
  /** `tps` of the short (`-s`) and basic (no `-x`) layouts. */
  transfersPerSec?: number;
  readKibPerSec?: number;
  writeKibPerSec?: number;
  discardKibPerSec?: number;
  /** Read + write (+ discard) of the short layout (`kB/s`). */
  kibPerSec?: number;
  readMergesPerSec?: number;
  writeMergesPerSec?: number;
  discardMergesPerSec?: number;
  mergesPerSec?: number;
  readMergedPercent?: number;
  writeMergedPercent?: number;
  discardMergedPercent?: number;
  awaitMs?: number;
  readAwaitMs?: number;
  writeAwaitMs?: number;
  discardAwaitMs?: number;
  flushAwaitMs?: number;
  /** `avgrq-sz` (sectors, converted) or `areq-sz`. */
  averageRequestKib?: number;
  readRequestKib?: number;
  writeRequestKib?: number;
  discardRequestKib?: number;
  /** `avgqu-sz` / `aqu-sz`: average number of requests queued or in flight. */
  queueLength?: number;
  /** `svctm`: an estimate sysstat itself distrusts; gone since 12.1.2. */
  serviceTimeMs?: number;
  utilPercent?: number;
}

export type IostatMetric = Exclude<keyof IostatDevice, 'name' | 'line'>;

type Reading = (text: string) => number | null;

const count: Reading = parseDecimal;
const percent: Reading = parsePercent;
const kib: Reading = (text) => parseKib(text, 1);
const mib: Reading = (text) => parseKib(text, 1024);
const sectors: Reading = (text) => parseKib(text, 0.5);

/** label → the metric it fills and how its text reads. Unknown labels are kept but not read. */
export const IOSTAT_COLUMNS = new Map<string, { metric: IostatMetric; read: Reading }>([
  ['r/s', { metric: 'readsPerSec', read: count }],
  ['w/s', { metric: 'writesPerSec', read: count }],
  ['d/s', { metric: 'discardsPerSec', read: count }],
  ['f/s', { metric: 'flushesPerSec', read: count }],
  ['tps', { metric: 'transfersPerSec', read: count }],
  ['rkB/s', { metric: 'readKibPerSec', read: kib }],
  ['wkB/s', { metric: 'writeKibPerSec', read: kib }],
  ['dkB/s', { metric: 'discardKibPerSec', read: kib }],
  ['rMB/s', { metric: 'readKibPerSec', read: mib }],
  ['wMB/s', { metric: 'writeKibPerSec', read: mib }],
  ['dMB/s', { metric: 'discardKibPerSec', read: mib }],
  ['rsec/s', { metric: 'readKibPerSec', read: sectors }],
  ['wsec/s', { metric: 'writeKibPerSec', read: sectors }],
  ['kB_read/s', { metric: 'readKibPerSec', read: kib }],
  ['kB_wrtn/s', { metric: 'writeKibPerSec', read: kib }],
  ['kB_dscd/s', { metric: 'discardKibPerSec', read: kib }],
  ['MB_read/s', { metric: 'readKibPerSec', read: mib }],
  ['MB_wrtn/s', { metric: 'writeKibPerSec', read: mib }],
  ['MB_dscd/s', { metric: 'discardKibPerSec', read: mib }],
  ['Blk_read/s', { metric: 'readKibPerSec', read: sectors }],
  ['Blk_wrtn/s', { metric: 'writeKibPerSec', read: sectors }],
  ['kB/s', { metric: 'kibPerSec', read: kib }],
  ['MB/s', { metric: 'kibPerSec', read: mib }],
  ['rrqm/s', { metric: 'readMergesPerSec', read: count }],
  ['wrqm/s', { metric: 'writeMergesPerSec', read: count }],
  ['drqm/s', { metric: 'discardMergesPerSec', read: count }],
  ['rqm/s', { metric: 'mergesPerSec', read: count }],
  ['%rrqm', { metric: 'readMergedPercent', read: percent }],
  ['%wrqm', { metric: 'writeMergedPercent', read: percent }],
  ['%drqm', { metric: 'discardMergedPercent', read: percent }],
  ['await', { metric: 'awaitMs', read: count }],
  ['r_await', { metric: 'readAwaitMs', read: count }],
  ['w_await', { metric: 'writeAwaitMs', read: count }],
  ['d_await', { metric: 'discardAwaitMs', read: count }],
  ['f_await', { metric: 'flushAwaitMs', read: count }],
  ['avgrq-sz', { metric: 'averageRequestKib', read: sectors }],
  ['areq-sz', { metric: 'averageRequestKib', read: kib }],
  ['rareq-sz', { metric: 'readRequestKib', read: kib }],
  ['wareq-sz', { metric: 'writeRequestKib', read: kib }],
  ['dareq-sz', { metric: 'discardRequestKib', read: kib }],
  ['avgqu-sz', { metric: 'queueLength', read: count }],
  ['aqu-sz', { metric: 'queueLength', read: count }],
  ['svctm', { metric: 'serviceTimeMs', read: count }],
  ['%util', { metric: 'utilPercent', read: percent }],
]);

/**
 * The extended layouts of §6.3, told by their labels (never by a version): `avgrq-sz` ≤ 11.4
 * (sizes in sectors), `rareq-sz` 11.5.7–12.0, `discard` ≥ 12.1.2, `flush` ≥ 12.3.1; `short` is
 * `-x -s`, `basic` is iostat without `-x`.
 */
export type IostatLayout = 'avgrq-sz' | 'rareq-sz' | 'discard' | 'flush' | 'short' | 'basic' | 'unknown';

export function iostatLayout(labels: ReadonlySet<string>): IostatLayout {
  if (labels.has('f/s')) return 'flush';
  if (labels.has('d/s')) return 'discard';
  if (labels.has('rareq-sz')) return 'rareq-sz';
  if (labels.has('avgrq-sz')) return 'avgrq-sz';
  if (labels.has('areq-sz')) return 'short';
  if (labels.has('tps')) return 'basic';
  return 'unknown';
}

export interface IostatCpu {
  userPercent: number | null;
  nicePercent: number | null;
  systemPercent: number | null;
  iowaitPercent: number | null;
  stealPercent: number | null;
  idlePercent: number | null;
}

const CPU_FIELDS = new Map<string, keyof IostatCpu>([
  ['%user', 'userPercent'],
  ['%nice', 'nicePercent'],
  ['%system', 'systemPercent'],
  ['%iowait', 'iowaitPercent'],
  ['%steal', 'stealPercent'],
  ['%idle', 'idlePercent'],
]);

/** `avg-cpu:  %user …` labels and the value line below them → IostatCpu, or null when unreadable. */
export function readIostatCpu(labels: string[], values: string[]): IostatCpu | null {
  if (values.length !== labels.length) return null;
  const cpu: IostatCpu = { userPercent: null, nicePercent: null, systemPercent: null, iowaitPercent: null, stealPercent: null, idlePercent: null };
  for (let index = 0; index < labels.length; index += 1) {
    const value = parsePercent(values[index]!);
    if (value === null) return null;
    const field = CPU_FIELDS.get(labels[index]!);
    if (field) cpu[field] = value;
  }
  return cpu;
}
