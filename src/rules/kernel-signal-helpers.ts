/**
 * Shared by the kernel-signal rules. The model gives one record per kernel message, its copies in
 * `kernel/dmesg.txt`, `kernel/kern.log`, `journal/kernel.export` … already merged
 * (`model.kernelSignals`, see model/event-copies.ts). These helpers pick the occurrences of some
 * kinds in time order, and say how many lines of a kind were seen beyond the ones the reader kept.
 */
import type { KernelSignalEvent, NodeModel, Timed } from '../model/index.js';
import type { KernelSignal } from '../sources/index.js';
import { excerpt, type Evidence } from './define-rule.js';

export type SignalKind = KernelSignal['kind'];
export type SignalOf<K extends SignalKind> = Extract<Timed<KernelSignal>, { kind: K }>;

/** One thing the kernel said: its best-timed copy, its time, and every file line that printed it. */
export type Occurrence<S extends Timed<KernelSignal> = Timed<KernelSignal>> = KernelSignalEvent<S>;

/** The occurrences of some kinds in time order (unknown times last, then in reading order). */
export function occurrencesOf<K extends SignalKind>(model: NodeModel, kinds: readonly K[]): Occurrence<SignalOf<K>>[] {
  const wanted = new Set<SignalKind>(kinds);
  const occurrences = model.kernelSignals.filter((occurrence) => wanted.has(occurrence.signal.kind)) as Occurrence<SignalOf<K>>[];
  return occurrences
    .map((occurrence, index) => ({ occurrence, index }))
    .sort(byTime)
    .map(({ occurrence }) => occurrence);
}

function byTime<T extends { occurrence: Occurrence; index: number }>(a: T, b: T): number {
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
  for (const { signal, seenIn } of model.kernelSignals) if (kinds.includes(signal.kind)) kept += seenIn.length;
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

export { diskOf } from '../model/index.js';

/** jbd2 names its journal `<device>-<journal inode>` (`sda1-8`): the journal of the sda1 filesystem. */
export function filesystemDevice(signal: SignalOf<'filesystem'>): string {
  return signal.fs === 'jbd2' ? signal.device.replace(/-\d+$/, '') : signal.device;
}
