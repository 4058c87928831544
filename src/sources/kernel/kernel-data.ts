import type { Stamp } from '../stamp.js';
import type { KernelLineFormat, SkippedLineKind } from './kernel-message.js';
import type { KernelSignal, KernelSignalKind } from './kernel-signal.js';
import type { LostLinesMarker } from './lost-lines.js';
import type { OomEvent } from './oom-event.js';
import type { ClockPair } from './clock-pairs.js';

/**
 * What the kernel messages of a bundle said, from every stream (kernel/* files, and the
 * journal's `_TRANSPORT=kernel` entries once the lead wires them). Bounded: events and signals
 * are kept up to a limit and counted beyond it; no message is kept.
 */
export interface KernelData {
  /** In the order they ended, per stream; the same kill seen in dmesg and kern.log appears twice (the model merges). */
  oomEvents: OomEvent[];
  /** The first KERNEL_LIMITS.signalsPerKind of each kind, in stream order. */
  signals: KernelSignal[];
  /** Every signal seen, kept or not. */
  signalCounts: Record<KernelSignalKind, number>;
  /** `Linux version …` lines: the release and where each boot's log starts. */
  boots: KernelBootMarker[];
  /**
   * Where the kernel or journald said lines were dropped (`callbacks suppressed`, `printk: …
   * suppressed`, journald's `Suppressed N messages from …` and `Missed N kernel messages`), in
   * file and line order; the first KERNEL_LIMITS.lostLines are kept, all are counted.
   */
  lostLines: LostLinesMarker[];
  files: KernelFileSummary[];
  counts: KernelCounts;
  /** The same line with the printk clock in one copy and the wall clock in another (clock-pairs.ts). */
  clockPairs: ClockPair[];
}

export interface KernelBootMarker {
  /** `6.18.44-fc-v657` from `Linux version 6.18.44-fc-v657 (builder@…) …` */
  release: string;
  stamp: Stamp;
  file: string;
  line: number;
}

export interface KernelFileSummary {
  file: string;
  /** Lines read (kernel messages + skipped lines). */
  lines: number;
  messages: number;
  /** How the stamps looked: `{ dmesg: 3120 }`, `{ syslog: 800, none: 2 }`. */
  formats: Partial<Record<KernelLineFormat, number>>;
  skipped: Record<SkippedLineKind, number>;
  /** Syslog tags of other programs' lines in this file (up to 50 tags): `{ kubelet: 5123 }`. */
  serviceIdentifiers: Record<string, number>;
  cutLines: number;
  firstStamp: Stamp | null;
  lastStamp: Stamp | null;
}

export interface KernelCounts {
  messages: number;
  oomEvents: number;
  /** Events beyond KERNEL_LIMITS.oomEvents: counted, not kept. */
  oomEventsDropped: number;
  /** Events kept without task rows and memcg stats (beyond KERNEL_LIMITS.detailedOomEvents). */
  oomEventsWithoutDetails: number;
  /** `oom_reaper` lines whose kill was not found in the same stream. */
  unmatchedReaps: number;
  /** printk rate limiting: `blk_update_request: 59 callbacks suppressed` → { blk_update_request: 59 }. */
  suppressedCallbacks: Record<string, number>;
  /** Lost-lines markers seen, kept or not. */
  lostLinesMarkers: number;
}

export const KERNEL_LIMITS = {
  oomEvents: 10_000,
  detailedOomEvents: 200,
  signalsPerKind: 500,
  boots: 100,
  serviceIdentifiersPerFile: 50,
  suppressedCallbackNames: 50,
  lostLines: 1000,
} as const;
