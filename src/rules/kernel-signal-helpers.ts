/**
 * Shared by the kernel-signal rules. The same kernel message usually reaches a bundle several
 * times — `kernel/dmesg.txt`, `kernel/kern.log` and `journal/kernel.export` each print it — and
 * the model keeps every copy (`model.kernelSignals`). These helpers fold the copies into one
 * occurrence, put occurrences in time order, and say how many lines of a kind were seen beyond
 * the ones the reader kept.
 */
import type { EventTime, NodeModel, Timed, TimeQuality } from '../model/index.js';
import type { KernelSignal } from '../sources/index.js';
import { excerpt, type Evidence } from './define-rule.js';

export type SignalKind = KernelSignal['kind'];
export type SignalOf<K extends SignalKind> = Extract<Timed<KernelSignal>, { kind: K }>;

/** One thing the kernel said, with every file line that printed it. */
export interface Occurrence<S extends Timed<KernelSignal> = Timed<KernelSignal>> {
  /** The copy with the best time (a journal copy is exact; raw dmesg derived; syslog approximate). */
  signal: S;
  time: EventTime;
  copies: S[];
}

/**
 * Two copies without a common monotonic stamp are the same message when their wall times are this
 * close: syslog writes whole seconds, and `dmesg -T` rounds and drifts by about as much.
 */
const SAME_MESSAGE_MS = 2000;
/** Monotonic stamps are printed in microseconds; a float read of them differs by less than this. */
const SAME_MONOTONIC_SECONDS = 0.000002;
const QUALITY_RANK: Record<TimeQuality, number> = { exact: 0, derived: 1, approximate: 2, unknown: 3 };

/** The occurrences of some kinds, copies folded together, in time order (unknown times last). */
export function occurrencesOf<K extends SignalKind>(model: NodeModel, kinds: readonly K[]): Occurrence<SignalOf<K>>[] {
  const byIdentity = new Map<string, Occurrence<SignalOf<K>>[]>();
  const occurrences: Occurrence<SignalOf<K>>[] = [];
  for (const signal of model.kernelSignals) {
    if (!(kinds as readonly SignalKind[]).includes(signal.kind)) continue;
    const copy = signal as SignalOf<K>;
    const identity = identityOf(copy);
    const candidates = byIdentity.get(identity) ?? [];
    const same = candidates.find((occurrence) => isCopyOf(copy, occurrence));
    if (same) {
      same.copies.push(copy);
      if (QUALITY_RANK[copy.time.quality] < QUALITY_RANK[same.time.quality]) Object.assign(same, { signal: copy, time: copy.time });
      continue;
    }
    const occurrence = { signal: copy, time: copy.time, copies: [copy] };
    candidates.push(occurrence);
    byIdentity.set(identity, candidates);
    occurrences.push(occurrence);
  }
  return occurrences.map((occurrence, index) => ({ occurrence, index })).sort(byTime).map(({ occurrence }) => occurrence);
}

/**
 * Audit records carry an id shared by the dmesg and audit.log copies; other messages are their
 * text, spaces evened out (rsyslog drops the trailing space some drivers print: `… MORE DNR `).
 */
function identityOf(signal: Timed<KernelSignal>): string {
  const auditId = 'auditId' in signal ? signal.auditId : null;
  return auditId ? `${signal.kind}\0audit\0${auditId}` : `${signal.kind}\0${signal.excerpt.replace(/\s+/g, ' ').trim()}`;
}

function isCopyOf(signal: Timed<KernelSignal>, occurrence: Occurrence<Timed<KernelSignal>>): boolean {
  if (occurrence.copies.some((copy) => copy.file === signal.file)) return false;
  if ('auditId' in signal && signal.auditId) return true;
  return occurrence.copies.some((copy) => sameMoment(copy, signal));
}

function sameMoment(a: Timed<KernelSignal>, b: Timed<KernelSignal>): boolean {
  if (a.stamp.monotonic !== null && b.stamp.monotonic !== null) return Math.abs(a.stamp.monotonic - b.stamp.monotonic) < SAME_MONOTONIC_SECONDS;
  if (a.time.utcMs !== null && b.time.utcMs !== null) return Math.abs(a.time.utcMs - b.time.utcMs) <= SAME_MESSAGE_MS;
  return a.stamp.text === b.stamp.text;
}

function byTime<T extends { occurrence: Occurrence<Timed<KernelSignal>>; index: number }>(a: T, b: T): number {
  const at = a.occurrence.time.utcMs;
  const bt = b.occurrence.time.utcMs;
  if (at !== null && bt !== null && at !== bt) return at - bt;
  if (at === null && bt !== null) return 1;
  if (at !== null && bt === null) return -1;
  return a.index - b.index;
}

/** Lines of these kinds the reader saw but did not keep (it keeps the first 500 of each kind). */
export function linesNotKept(model: NodeModel, kinds: readonly SignalKind[]): number {
  let kept = 0;
  for (const signal of model.kernelSignals) if (kinds.includes(signal.kind)) kept += 1;
  const seen = kinds.reduce((sum, kind) => sum + (model.kernelSignalCounts[kind] ?? 0), 0);
  return Math.max(0, seen - kept);
}

/**
 * What every grouped finding carries: the first and last known UTC times (occurrences are in time
 * order), and whether the reader's cap made its count a floor.
 */
export function spanData(occurrences: readonly Occurrence[], notKept: number) {
  const known = occurrences.filter((occurrence) => occurrence.time.utc !== null);
  return { firstTime: known[0]?.time.utc ?? null, lastTime: known.at(-1)?.time.utc ?? null, linesNotKept: notKept, countIsLowerBound: notKept > 0 };
}

/** Evidence a reader can check: the first occurrences and the last one, one file line each. */
export function signalEvidence(occurrences: readonly Occurrence[], max = 6): Evidence[] {
  const picked = occurrences.length <= max ? occurrences : [...occurrences.slice(0, max - 1), occurrences.at(-1)!];
  return picked.map(({ signal }) => ({ path: signal.file, line: signal.line, excerpt: excerpt(signal.excerpt) }));
}

/**
 * The disk a block device name belongs to: `sda1` → `sda`, `nvme0n1p2` → `nvme0n1`,
 * `mmcblk0p1` → `mmcblk0`, `xvda1` → `xvda`. Names of other shapes (`dm-0`, `md127`, `nvme0`) stay.
 */
export function diskOf(device: string): string {
  const partitioned = /^((?:nvme\d+n\d+|mmcblk\d+|nbd\d+|loop\d+))p\d+$/.exec(device);
  if (partitioned) return partitioned[1]!;
  const lettered = /^((?:s|xv|v|h)d[a-z]{1,4})\d+$/.exec(device);
  return lettered ? lettered[1]! : device;
}

/** jbd2 names its journal `<device>-<journal inode>` (`sda1-8`): the journal of the sda1 filesystem. */
export function filesystemDevice(signal: SignalOf<'filesystem'>): string {
  return signal.fs === 'jbd2' ? signal.device.replace(/-\d+$/, '') : signal.device;
}
