/**
 * Per boot, what ties its monotonic clock to the wall clock (domain-facts §4.5). Every export or
 * JSON entry has both `__REALTIME_TIMESTAMP` and `__MONOTONIC_TIMESTAMP` of its receipt; their
 * difference is the boot's wall-clock start. Kernel records also have `_SOURCE_MONOTONIC_TIMESTAMP`
 * (the printk time dmesg shows); `__REALTIME − _SOURCE_MONOTONIC` maps dmesg stamps to the wall
 * clock, but only for records read live: early-boot records are read in bulk when journald
 * starts, so their receipt time is late by the ingestion delay (`__MONOTONIC − _SOURCE_MONOTONIC`).
 *
 * Each offset is the median of a bounded, evenly thinned sample: for the boot offset, of entries
 * received after the first minute (before that the clock may not be synchronised yet) or of all
 * when there are none; for the kernel offset, of records received within a second of printk.
 */
import type { JournalEntry } from './journal-entry.js';

export interface BootAnchor {
  bootId: string;
  /** Entries of this boot that carried a stamp. */
  entries: number;
  firstUtcMs: number | null;
  lastUtcMs: number | null;
  /** Seconds since boot of the first and last entry with a monotonic stamp. */
  firstMonotonic: number | null;
  lastMonotonic: number | null;
  /** Wall clock (ms since the epoch) at monotonic 0: median of __REALTIME − __MONOTONIC. */
  wallMinusMonotonicMs: number | null;
  wallMinusMonotonicSamples: number;
  /** Wall clock at printk time 0: median of __REALTIME − _SOURCE_MONOTONIC over kernel records read live. */
  kernelWallMinusPrintkMs: number | null;
  kernelLiveSamples: number;
  /** Kernel records that were read in bulk (more than a second after printk) and so left out. */
  kernelBulkRecords: number;
}

const SETTLED_SECONDS = 60;
const LIVE_DELAY_SECONDS = 1;
const MAX_BOOTS = 512;

/** Keeps at most `size` values spread evenly over all that were offered (every k-th, k doubling). */
class ThinnedSample {
  private values: number[] = [];
  private stride = 1;
  private offered = 0;
  count = 0;

  constructor(private readonly size = 255) {}

  offer(value: number): void {
    this.count += 1;
    if (this.offered++ % this.stride !== 0) return;
    this.values.push(value);
    if (this.values.length > this.size) {
      this.values = this.values.filter((_, index) => index % 2 === 0);
      this.stride *= 2;
    }
  }

  median(): number | null {
    if (this.values.length === 0) return null;
    const sorted = [...this.values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }
}

interface BootState {
  anchor: BootAnchor;
  settled: ThinnedSample;
  early: ThinnedSample;
  kernelLive: ThinnedSample;
}

export class BootAnchors {
  private readonly boots = new Map<string, BootState>();
  /** Entries of boots beyond MAX_BOOTS, which are not tracked. */
  untrackedEntries = 0;

  add(entry: JournalEntry, kernel: boolean): void {
    const { bootId, utcMs, monotonic } = entry.stamp;
    if (!bootId) return;
    const state = this.state(bootId);
    if (!state) return;
    const anchor = state.anchor;
    anchor.entries += 1;
    if (utcMs !== null) {
      anchor.firstUtcMs = anchor.firstUtcMs === null ? utcMs : Math.min(anchor.firstUtcMs, utcMs);
      anchor.lastUtcMs = anchor.lastUtcMs === null ? utcMs : Math.max(anchor.lastUtcMs, utcMs);
    }
    if (monotonic !== null) {
      anchor.firstMonotonic = anchor.firstMonotonic === null ? monotonic : Math.min(anchor.firstMonotonic, monotonic);
      anchor.lastMonotonic = anchor.lastMonotonic === null ? monotonic : Math.max(anchor.lastMonotonic, monotonic);
    }
    if (utcMs === null || monotonic === null) return;
    (monotonic >= SETTLED_SECONDS ? state.settled : state.early).offer(utcMs - monotonic * 1000);
    if (!kernel || entry.sourceMonotonic === null) return;
    if (Math.abs(monotonic - entry.sourceMonotonic) <= LIVE_DELAY_SECONDS) state.kernelLive.offer(utcMs - entry.sourceMonotonic * 1000);
    else anchor.kernelBulkRecords += 1;
  }

  /** Boots in the order of their first wall-clock time (unknown last). */
  result(): BootAnchor[] {
    const anchors = [...this.boots.values()].map(({ anchor, settled, early, kernelLive }) => {
      const sample = settled.count > 0 ? settled : early;
      return {
        ...anchor,
        wallMinusMonotonicMs: sample.median(),
        wallMinusMonotonicSamples: sample.count,
        kernelWallMinusPrintkMs: kernelLive.median(),
        kernelLiveSamples: kernelLive.count,
      };
    });
    return anchors.sort((a, b) => (a.firstUtcMs ?? Infinity) - (b.firstUtcMs ?? Infinity) || a.bootId.localeCompare(b.bootId));
  }

  private state(bootId: string): BootState | null {
    let state = this.boots.get(bootId);
    if (state) return state;
    if (this.boots.size >= MAX_BOOTS) {
      this.untrackedEntries += 1;
      return null;
    }
    const anchor: BootAnchor = {
      bootId,
      entries: 0,
      firstUtcMs: null,
      lastUtcMs: null,
      firstMonotonic: null,
      lastMonotonic: null,
      wallMinusMonotonicMs: null,
      wallMinusMonotonicSamples: 0,
      kernelWallMinusPrintkMs: null,
      kernelLiveSamples: 0,
      kernelBulkRecords: 0,
    };
    state = { anchor, settled: new ThinnedSample(), early: new ThinnedSample(), kernelLive: new ThinnedSample() };
    this.boots.set(bootId, state);
    return state;
  }
}
