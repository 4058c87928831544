/**
 * The time model's inputs, gathered from every source that carries a clock: podmortem's
 * manifest, the journal's per-boot anchors, `/proc/stat`, other collectors' `date`/`uptime`,
 * paired kernel copies, and the newest wall time and printk stamp the kernel and journal show.
 */
import { zonedMillis, type SourceData, type Stamp } from '../sources/index.js';
import type { TimeInputs } from './time-model.js';

type TimeSources = Pick<SourceData, 'manifest' | 'journal' | 'procStat' | 'collectionClock' | 'kernel' | 'podLogs'>;

export function timeInputs(sources: TimeSources): TimeInputs {
  const { manifest } = sources;
  return {
    journalBoots: sources.journal.boots,
    currentBootId: manifest?.anchors.bootId ?? null,
    collectedAt: manifest?.anchors.wallClockUtc ?? manifest?.collection.start ?? null,
    uptimeSeconds: manifest?.anchors.uptimeSeconds ?? null,
    btimeSeconds: manifest?.anchors.btime ?? null,
    utcOffset: manifest?.anchors.utcOffset ?? null,
    timezone: manifest?.anchors.timezone ?? null,
    procStatBtimeSeconds: sources.procStat?.bootTimeSeconds ?? null,
    collectionClock: sources.collectionClock,
    clockPairs: sources.kernel.clockPairs,
    newestDatedMs: newestDated(sources),
    latestMonotonic: latestRawMonotonic(sources),
  };
}

/** The newest wall time with a year: journal entries, pod log lines, exact or dated kernel stamps (`dmesg -T` read as UTC). */
function newestDated(sources: TimeSources): number | null {
  const times: number[] = [];
  for (const boot of sources.journal.boots) if (boot.lastUtcMs !== null) times.push(boot.lastUtcMs);
  for (const attempt of [...sources.podLogs.attempts, ...sources.podLogs.unattributed]) {
    const ms = datedMs(attempt.lastStamp);
    if (ms !== null) times.push(ms);
  }
  for (const file of sources.kernel.files) {
    for (const stamp of [file.firstStamp, file.lastStamp]) {
      const ms = datedMs(stamp);
      if (ms !== null) times.push(ms);
    }
  }
  return times.length === 0 ? null : Math.max(...times);
}

function datedMs(stamp: Stamp | null): number | null {
  if (!stamp) return null;
  if (stamp.utcMs !== null) return stamp.utcMs;
  return stamp.local?.year != null ? zonedMillis({ ...stamp.local, year: stamp.local.year }, 0) : null;
}

/** The largest printk stamp of raw kernel lines (no wall clock, no boot id: the current boot). */
function latestRawMonotonic(sources: TimeSources): number | null {
  let latest: number | null = null;
  for (const file of sources.kernel.files) {
    const stamp = file.lastStamp;
    if (stamp && stamp.monotonic !== null && stamp.local === null && stamp.utcMs === null && stamp.bootId === null) latest = Math.max(latest ?? 0, stamp.monotonic);
  }
  return latest;
}
