/**
 * Time is a model, not a string (DESIGN.md §3). Each boot gets a clock: the wall time at which
 * its monotonic/printk clock read zero, from the best evidence there is (domain-facts §4.5):
 *
 *   1. journal kernel records read live: __REALTIME − _SOURCE_MONOTONIC  → derived
 *   2. any journal entry of the boot:     __REALTIME − __MONOTONIC         → derived
 *   3. the manifest (current boot only):  wall clock − /proc/uptime, or btime → derived
 *   4. a `/proc/stat` copy (current boot): `btime` (whole seconds, UTC)     → derived
 *   5. another collector's `date --utc` − its `uptime` (to the minute)     → approximate
 *   6. the same kernel line in raw dmesg and in kern.log / journal text / `dmesg -T`
 *      (clock-pairing.ts): derived when the wall copy printed its zone, else approximate
 *
 * The current boot is the one the collector ran in; a bundle without podmortem's manifest does
 * not name it, and its clock then has `bootId: null` (raw dmesg belongs to it).
 *
 * Stamps then resolve to UTC with a quality: `exact` (the stamp has a year and a zone),
 * `derived` (monotonic seconds on a boot anchored by exact evidence), `approximate` (node-local
 * wall time such as syslog or `dmesg -T`, placed with the node's zone and a year from the newest
 * evidence; or a boot anchored by such times), `unknown`. What the year and zone were taken from
 * is kept (`basis`) and said (`notes`).
 */
import { normaliseBootId, utcMillis, type ClockPair, type CollectionClock, type LocalTime, type Stamp } from '../sources/index.js';
import { clocksFromPairs, inferZoneOffsetMinutes, type PairClockSource } from './clock-pairing.js';
import { collectionBasis, timeNotes, yearOf, zoneBasis, type TimeBasis, type YearReference } from './time-basis.js';
import { fixedZone, wallToUtcMs, type NodeZone } from './node-zone.js';

export type TimeQuality = 'exact' | 'derived' | 'approximate' | 'unknown';
export type BootClockSource = 'journal-kernel' | 'journal' | 'manifest-uptime' | 'manifest-btime' | 'procstat-btime' | 'collection-uptime' | PairClockSource;
export type { TimeBasis } from './time-basis.js';

export interface EventTime {
  /** ISO 8601 UTC with milliseconds, or null when it cannot be derived. */
  utc: string | null;
  utcMs: number | null;
  quality: TimeQuality;
  /** 32 lowercase hex, when known. */
  bootId: string | null;
  /** The stamp as printed. */
  text: string;
}

export interface BootClock {
  /** 32 lowercase hex; null for the boot the bundle was taken in when the bundle does not name it. */
  bootId: string | null;
  /** Wall clock (ms since the epoch) when the boot's monotonic clock read zero. */
  zeroUtcMs: number;
  source: BootClockSource;
  /** What stamps placed on this clock are: `approximate` when node-local wall times or minutes made it. */
  quality: 'derived' | 'approximate';
}

/** Per-boot anchors from the journal, as its reader measured them. */
export interface JournalBootAnchor {
  bootId: string;
  kernelWallMinusPrintkMs: number | null;
  wallMinusMonotonicMs: number | null;
}

export interface TimeInputs {
  journalBoots: JournalBootAnchor[];
  /** The boot the collector ran in (manifest), any form. */
  currentBootId: string | null;
  /** Collection wall clock (ISO) and uptime at that moment, from the manifest. */
  collectedAt: string | null;
  uptimeSeconds: number | null;
  btimeSeconds: number | null;
  /** Node-local zone offset as `+0100`, `-05:30` or `Z`; null = unknown (treated as UTC, approximate). */
  utcOffset: string | null;
  /** The node's IANA zone (`Europe/Berlin`), when named: local times then follow its daylight-saving changes. */
  timezone?: string | null;
  /** `btime` of a `/proc/stat` copy: used when the manifest anchors nothing (other collectors' bundles). */
  procStatBtimeSeconds?: number | null;
  /** Another collector's `date`, `date --utc`, `uptime`, sos start time. */
  collectionClock?: CollectionClock | null;
  /** The same kernel line with the printk clock in one copy and the wall clock in another. */
  clockPairs?: readonly ClockPair[];
  /** The newest wall time a dated record of the bundle shows (UTC ms): a year for stamps without one. */
  newestDatedMs?: number | null;
  /** The largest printk stamp of raw kernel lines (current boot): with its clock, a lower bound of the collection. */
  latestMonotonic?: number | null;
}

/** Two anchors of one boot that put its zero at different wall times (a stepped clock, drift). */
export interface ClockDisagreement {
  bootId: string | null;
  chosen: BootClock;
  other: BootClock;
  /** other − chosen, in milliseconds. */
  differenceMs: number;
}

export class TimeModel {
  readonly boots: BootClock[];
  /** Every anchor found, the unused ones included, to compare them. */
  readonly candidates: BootClock[];
  readonly currentBootId: string | null;
  /** What the collection time, the year of year-less stamps and the node's zone were taken from. */
  readonly basis: TimeBasis;
  private readonly byBoot = new Map<string | null, BootClock>();
  private readonly zone: NodeZone | null;
  private readonly year: YearReference | null;
  private readonly seen = { local: 0, yearless: 0, yearlessUnplaced: 0, zoneless: 0 };

  constructor(inputs: TimeInputs) {
    this.currentBootId = inputs.currentBootId ? normaliseBootId(inputs.currentBootId) : null;
    const zone = zoneBasis(inputs);
    const collected = collectionBasis(inputs, zone.zone);
    const anchored = exactClocks(inputs, this.currentBootId, collected.utcMs);
    this.year = yearOf(collected, inputs, anchored.find((clock) => clock.bootId === this.currentBootId) ?? null);
    const pairs = pairClocks(inputs.clockPairs ?? [], zone.zone, this.year, anchored, this.currentBootId);
    this.zone = pairs.zone;
    this.candidates = [...anchored, ...pairs.clocks];
    // Candidates come best first per boot: the first one of a boot is its clock.
    for (const clock of this.candidates) if (!this.byBoot.has(clock.bootId)) this.byBoot.set(clock.bootId, clock);
    this.boots = [...this.byBoot.values()].sort((a, b) => a.zeroUtcMs - b.zeroUtcMs);
    this.basis = {
      collectedAt: collected.utcMs === null ? null : new Date(collected.utcMs).toISOString(),
      collectedFrom: collected.from,
      yearFrom: this.year?.from ?? null,
      yearReference: this.year ? new Date(this.year.utcMs).toISOString() : null,
      zoneFrom: pairs.zone === zone.zone ? zone.from : 'inferred',
      zoneName: this.zone?.name ?? null,
      utcOffsetMinutes: this.zone ? this.zone.offsetAt(collected.utcMs ?? this.year?.utcMs ?? 0) : null,
    };
  }

  /** Anchors of the same boot that disagree by more than `toleranceMs`; approximate anchors are expected to. */
  disagreements(toleranceMs: number): ClockDisagreement[] {
    return this.candidates.flatMap((other) => {
      const chosen = this.byBoot.get(other.bootId);
      const differenceMs = chosen ? other.zeroUtcMs - chosen.zeroUtcMs : 0;
      const comparable = chosen && chosen !== other && chosen.quality === 'derived' && other.quality === 'derived';
      return comparable && Math.abs(differenceMs) > toleranceMs ? [{ bootId: other.bootId, chosen, other, differenceMs }] : [];
    });
  }

  clock(bootId: string | null): BootClock | null {
    return this.byBoot.get(bootId) ?? null;
  }

  /**
   * Resolves a stamp. A monotonic stamp without a boot id and without wall-clock fields (raw
   * dmesg) belongs to `defaultBootId`, normally the current boot.
   */
  resolve(stamp: Stamp, defaultBootId: string | null = this.currentBootId): EventTime {
    const rawKernel = stamp.bootId === null && stamp.local === null;
    const bootId = stamp.bootId ?? (rawKernel ? defaultBootId : null);
    const base = { bootId, text: stamp.text };
    if (stamp.utcMs !== null) return { ...base, ...at(stamp.utcMs), quality: 'exact' };
    const clock = stamp.monotonic !== null && (bootId !== null || rawKernel) ? this.clock(bootId) : null;
    if (clock && stamp.monotonic !== null) return { ...base, ...at(clock.zeroUtcMs + stamp.monotonic * 1000), quality: clock.quality };
    if (stamp.local) {
      const utcMs = this.localToUtc(stamp.local);
      if (utcMs !== null) return { ...base, ...at(utcMs), quality: 'approximate' };
    }
    return { ...base, utc: null, utcMs: null, quality: 'unknown' };
  }

  /**
   * `resolve(stamp).utc` and `.utcMs`, for the callers that need nothing else (every kept pod log
   * line, every container attempt): an exact stamp (a CRI log's) is read without building the
   * whole EventTime, garbage that V8 may allocate in the old generation (resolve's results are
   * kept elsewhere, so its site is pretenured).
   */
  utc(stamp: Stamp): string | null {
    return stamp.utcMs !== null ? new Date(stamp.utcMs).toISOString() : this.resolve(stamp).utc;
  }

  utcMs(stamp: Stamp): number | null {
    return stamp.utcMs !== null ? stamp.utcMs : this.resolve(stamp).utcMs;
  }

  /** Sentences for the report: where the year and zone of node-local stamps came from, or that nothing said. */
  notes(): string[] {
    return timeNotes(this.basis, this.seen, this.boots);
  }

  /** Node-local wall time to UTC; a missing year comes from the newest evidence (time-basis.ts). */
  private localToUtc(local: LocalTime): number | null {
    this.seen.local += 1;
    if (this.zone === null) this.seen.zoneless += 1;
    if (local.year === null) this.seen.yearless += 1;
    const utcMs = localToUtcMs(local, this.zone, this.year);
    if (utcMs === null && local.year === null) this.seen.yearlessUnplaced += 1;
    return utcMs;
  }
}

function at(utcMs: number): { utc: string; utcMs: number } {
  return { utc: new Date(utcMs).toISOString(), utcMs };
}

function localToUtcMs(local: LocalTime, zone: NodeZone | null, year: YearReference | null): number | null {
  const y = local.year ?? (year ? yearFor(local, year.utcMs) : null);
  if (y === null) return null;
  const wall = utcMillis(y, local.month, local.day, local.hour, local.minute, local.second) + local.micros / 1000;
  if (!Number.isFinite(wall)) return null;
  return zone ? wallToUtcMs(zone, wall) : wall;
}

/** The reference's year, or the one before for a month more than two after the reference's (a December line in January). */
function yearFor(local: LocalTime, referenceMs: number): number {
  const reference = new Date(referenceMs);
  return local.month > reference.getUTCMonth() + 2 ? reference.getUTCFullYear() - 1 : reference.getUTCFullYear();
}

/** Anchors from exact evidence (journal, manifest, `/proc/stat`, `date --utc` − `uptime`), best first within a boot. */
function exactClocks(inputs: TimeInputs, currentBootId: string | null, collectedMs: number | null): BootClock[] {
  const clocks: BootClock[] = [];
  const push = (bootId: string | null, zeroUtcMs: number, source: BootClockSource, quality: BootClock['quality'] = 'derived') => clocks.push({ bootId, zeroUtcMs, source, quality });
  for (const boot of inputs.journalBoots) {
    const bootId = normaliseBootId(boot.bootId);
    if (!bootId) continue;
    if (boot.kernelWallMinusPrintkMs !== null) push(bootId, boot.kernelWallMinusPrintkMs, 'journal-kernel');
    if (boot.wallMinusMonotonicMs !== null) push(bootId, boot.wallMinusMonotonicMs, 'journal');
  }
  const manifestCollected = inputs.collectedAt ? Date.parse(inputs.collectedAt) : NaN;
  if (!Number.isNaN(manifestCollected) && inputs.uptimeSeconds !== null) push(currentBootId, manifestCollected - inputs.uptimeSeconds * 1000, 'manifest-uptime');
  else if (inputs.btimeSeconds !== null) push(currentBootId, inputs.btimeSeconds * 1000, 'manifest-btime');
  // The manifest's anchors are of the same moment as /proc/stat's: it is only wanted without them.
  if (!clocks.some((clock) => clock.bootId === currentBootId)) {
    if (inputs.procStatBtimeSeconds != null) push(currentBootId, inputs.procStatBtimeSeconds * 1000, 'procstat-btime');
    const uptime = inputs.collectionClock?.uptimeSeconds ?? null;
    if (collectedMs !== null && uptime !== null && inputs.collectedAt === null) push(currentBootId, collectedMs - uptime * 1000, 'collection-uptime', 'approximate');
  }
  return clocks;
}

/**
 * Clocks from paired copies; when the zone is unknown and the current boot also has an exact
 * clock, the difference between the two is the node's zone offset (then applied everywhere).
 */
function pairClocks(pairs: readonly ClockPair[], knownZone: NodeZone | null, year: YearReference | null, anchored: BootClock[], currentBootId: string | null) {
  let zone = knownZone;
  // Raw dmesg names no boot: it is the one the bundle was taken in.
  const placed = pairs.map((pair) => (pair.bootId === null ? { ...pair, bootId: currentBootId } : pair));
  let clocks = clocksFromPairs(placed, (local) => localToUtcMs(local, zone, year));
  const exact = anchored.find((clock) => clock.bootId === currentBootId && clock.quality === 'derived');
  const local = clocks.find((clock) => clock.bootId === currentBootId && !clock.zoned);
  if (zone === null && exact && local) {
    const inferred = inferZoneOffsetMinutes(exact.zeroUtcMs, local.zeroUtcMs);
    if (inferred !== null) {
      zone = fixedZone(inferred);
      clocks = clocksFromPairs(placed, (time) => localToUtcMs(time, zone, year));
    }
  }
  return {
    zone,
    clocks: clocks.map(({ bootId, zeroUtcMs, source, zoned }): BootClock => ({
      bootId,
      zeroUtcMs,
      source,
      // Only a wall copy with its zone and year is exact; dmesg -T (--time-format iso too) is
      // boot time + printk stamp, wrong after a suspend whatever the zone.
      quality: zoned && source !== 'dmesg-ctime' ? 'derived' : 'approximate',
    })),
  };
}
