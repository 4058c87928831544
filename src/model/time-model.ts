/**
 * Time is a model, not a string (DESIGN.md §3). Each boot gets a clock: the wall time at which
 * its monotonic/printk clock read zero, from the best evidence there is (domain-facts §4.5):
 *
 *   1. journal kernel records read live: __REALTIME − _SOURCE_MONOTONIC  → derived
 *   2. any journal entry of the boot:     __REALTIME − __MONOTONIC         → derived
 *   3. the manifest (current boot only):  wall clock − /proc/uptime, or btime → derived
 *
 * Stamps then resolve to UTC with a quality: `exact` (the stamp has a year and a zone),
 * `derived` (monotonic seconds on an anchored boot), `approximate` (node-local wall time such as
 * syslog or `dmesg -T`, placed with the node's zone and the collection year), `unknown`.
 */
import { normaliseBootId, utcMillis, zoneOffsetMinutes, type LocalTime, type Stamp } from '../sources/index.js';

export type TimeQuality = 'exact' | 'derived' | 'approximate' | 'unknown';
export type BootClockSource = 'journal-kernel' | 'journal' | 'manifest-uptime' | 'manifest-btime';

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
  bootId: string;
  /** Wall clock (ms since the epoch) when the boot's monotonic clock read zero. */
  zeroUtcMs: number;
  source: BootClockSource;
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
}

/** Two anchors of one boot that put its zero at different wall times (a stepped clock, drift). */
export interface ClockDisagreement {
  bootId: string;
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
  private readonly byBoot = new Map<string, BootClock>();
  private readonly offsetMinutes: number | null;
  private readonly collectedMs: number | null;

  constructor(inputs: TimeInputs) {
    this.currentBootId = inputs.currentBootId ? normaliseBootId(inputs.currentBootId) : null;
    this.collectedMs = inputs.collectedAt ? Date.parse(inputs.collectedAt) : null;
    if (this.collectedMs !== null && Number.isNaN(this.collectedMs)) this.collectedMs = null;
    this.offsetMinutes = zoneOffsetMinutes(inputs.utcOffset);
    this.candidates = bootClocks(inputs, this.currentBootId, this.collectedMs);
    // Candidates come best first per boot: the first one of a boot is its clock.
    for (const clock of this.candidates) if (!this.byBoot.has(clock.bootId)) this.byBoot.set(clock.bootId, clock);
    this.boots = [...this.byBoot.values()].sort((a, b) => a.zeroUtcMs - b.zeroUtcMs);
  }

  /** Anchors of the same boot that disagree by more than `toleranceMs`. */
  disagreements(toleranceMs: number): ClockDisagreement[] {
    return this.candidates.flatMap((other) => {
      const chosen = this.byBoot.get(other.bootId);
      const differenceMs = chosen ? other.zeroUtcMs - chosen.zeroUtcMs : 0;
      return chosen && chosen !== other && Math.abs(differenceMs) > toleranceMs ? [{ bootId: other.bootId, chosen, other, differenceMs }] : [];
    });
  }

  clock(bootId: string | null): BootClock | null {
    return bootId ? (this.byBoot.get(bootId) ?? null) : null;
  }

  /**
   * Resolves a stamp. A monotonic stamp without a boot id and without wall-clock fields (raw
   * dmesg) belongs to `defaultBootId`, normally the current boot.
   */
  resolve(stamp: Stamp, defaultBootId: string | null = this.currentBootId): EventTime {
    const bootId = stamp.bootId ?? (stamp.local === null ? defaultBootId : null);
    const base = { bootId, text: stamp.text };
    if (stamp.utcMs !== null) return { ...base, ...at(stamp.utcMs), quality: 'exact' };
    const clock = stamp.monotonic !== null ? this.clock(bootId) : null;
    if (clock && stamp.monotonic !== null) return { ...base, ...at(clock.zeroUtcMs + stamp.monotonic * 1000), quality: 'derived' };
    if (stamp.local) {
      const utcMs = this.localToUtc(stamp.local);
      if (utcMs !== null) return { ...base, ...at(utcMs), quality: 'approximate' };
    }
    return { ...base, utc: null, utcMs: null, quality: 'unknown' };
  }

  /** Node-local wall time to UTC; a missing year is the collection year, or the one before for later months. */
  private localToUtc(local: LocalTime): number | null {
    const year = local.year ?? this.inferYear(local);
    if (year === null) return null;
    const wall = utcMillis(year, local.month, local.day, local.hour, local.minute, local.second) + local.micros / 1000;
    return Number.isFinite(wall) ? wall - (this.offsetMinutes ?? 0) * 60_000 : null;
  }

  private inferYear(local: LocalTime): number | null {
    if (this.collectedMs === null) return null;
    const collected = new Date(this.collectedMs);
    const year = collected.getUTCFullYear();
    // A December line in a bundle collected in January belongs to the year before.
    return local.month > collected.getUTCMonth() + 2 ? year - 1 : year;
  }
}

function at(utcMs: number): { utc: string; utcMs: number } {
  return { utc: new Date(utcMs).toISOString(), utcMs };
}

/** Every anchor of every boot, best first within a boot. */
function bootClocks(inputs: TimeInputs, currentBootId: string | null, collectedMs: number | null): BootClock[] {
  const clocks: BootClock[] = [];
  for (const boot of inputs.journalBoots) {
    const bootId = normaliseBootId(boot.bootId);
    if (!bootId) continue;
    if (boot.kernelWallMinusPrintkMs !== null) clocks.push({ bootId, zeroUtcMs: boot.kernelWallMinusPrintkMs, source: 'journal-kernel' });
    if (boot.wallMinusMonotonicMs !== null) clocks.push({ bootId, zeroUtcMs: boot.wallMinusMonotonicMs, source: 'journal' });
  }
  if (currentBootId) {
    if (collectedMs !== null && inputs.uptimeSeconds !== null) {
      clocks.push({ bootId: currentBootId, zeroUtcMs: collectedMs - inputs.uptimeSeconds * 1000, source: 'manifest-uptime' });
    } else if (inputs.btimeSeconds !== null) {
      clocks.push({ bootId: currentBootId, zeroUtcMs: inputs.btimeSeconds * 1000, source: 'manifest-btime' });
    }
  }
  return clocks;
}
