/**
 * What the time model takes the collection moment, the node's zone and the year of year-less
 * stamps from, when podmortem's manifest does not say (another collector's bundle, a lone file):
 *
 * - zone: the manifest's `utcOffset`; else `date` against `date --utc` of the same run (sos);
 *   else the difference between a UTC boot clock and node-local kernel stamps (time-model.ts);
 * - collection: the manifest; else `date --utc`, or `date` / sos's `start_time` once the zone is known;
 * - year (classic syslog and journalctl `short` print none): the collection; else the newest
 *   evidence — the latest dated record, or the current boot's clock plus its latest printk stamp.
 *   When nothing tells it, stamps without a year stay unplaced, and the notes say so.
 */
import { zoneOffsetMinutes, zonedMillis, type DatedTime } from '../sources/index.js';
import { inferZoneOffsetMinutes } from './clock-pairing.js';
import { fixedZone, ianaZone, wallToUtcMs, type NodeZone } from './node-zone.js';
import type { BootClock, TimeInputs } from './time-model.js';

export interface TimeBasis {
  /** The collection moment (UTC), when known. */
  collectedAt: string | null;
  collectedFrom: 'manifest' | 'date' | 'sos-manifest' | null;
  /** What stamps without a year got their year from; null: nothing, they stay unplaced. */
  yearFrom: YearReference['from'] | null;
  yearReference: string | null;
  zoneFrom: 'manifest' | 'date' | 'inferred' | null;
  /** The IANA zone local times were read in (with its daylight-saving changes); null: a fixed offset. */
  zoneName: string | null;
  /** The zone's offset at the collection (or the year's reference moment), minutes east of UTC. */
  utcOffsetMinutes: number | null;
}

export interface YearReference {
  utcMs: number;
  from: 'collection' | 'newest-record' | 'boot-clock';
}

interface Collected {
  utcMs: number | null;
  from: TimeBasis['collectedFrom'];
  /** A node-local collection time whose zone is unknown: still good for a year. */
  localMs: number | null;
}

/**
 * The manifest's IANA zone when the zone database knows it and it agrees with the manifest's
 * offset at the collection (a zone name of another machine — a debug pod's — would not); else
 * the manifest's offset; else `date` against `date --utc`.
 */
export function zoneBasis(inputs: TimeInputs): { zone: NodeZone | null; from: TimeBasis['zoneFrom'] } {
  const manifest = zoneOffsetMinutes(inputs.utcOffset);
  const named = ianaZone(inputs.timezone);
  const collectedMs = inputs.collectedAt ? Date.parse(inputs.collectedAt) : NaN;
  if (named && manifest !== null && !Number.isNaN(collectedMs) && named.offsetAt(collectedMs) === manifest) return { zone: named, from: 'manifest' };
  if (manifest !== null) return { zone: fixedZone(manifest), from: 'manifest' };
  const clock = inputs.collectionClock;
  if (clock?.utcMs != null && clock.dateLocal) {
    const offset = inferZoneOffsetMinutes(clock.utcMs, zonedMillis(clock.dateLocal, 0));
    if (offset !== null) return { zone: fixedZone(offset), from: 'date' };
  }
  return { zone: null, from: null };
}

export function collectionBasis(inputs: TimeInputs, zone: NodeZone | null): Collected {
  const manifest = inputs.collectedAt ? Date.parse(inputs.collectedAt) : NaN;
  if (!Number.isNaN(manifest)) return { utcMs: manifest, from: 'manifest', localMs: null };
  const clock = inputs.collectionClock;
  if (clock?.utcMs != null) return { utcMs: clock.utcMs, from: 'date', localMs: null };
  const local = localCollection(clock?.dateLocal ?? null, clock?.sosStart ?? null);
  if (local && zone !== null) return { utcMs: wallToUtcMs(zone, zonedMillis(local.time, 0)), from: local.from, localMs: null };
  return { utcMs: null, from: null, localMs: local ? zonedMillis(local.time, 0) : null };
}

function localCollection(date: DatedTime | null, sosStart: DatedTime | null): { time: DatedTime; from: 'date' | 'sos-manifest' } | null {
  if (date) return { time: date, from: 'date' };
  return sosStart ? { time: sosStart, from: 'sos-manifest' } : null;
}

/** The collection moment; else the newest of the dated records and the current boot's clock + latest printk stamp. */
export function yearOf(collected: Collected, inputs: TimeInputs, currentClock: BootClock | null): YearReference | null {
  const collection = collected.utcMs ?? collected.localMs;
  if (collection !== null) return { utcMs: collection, from: 'collection' };
  const fromBoot = currentClock ? currentClock.zeroUtcMs + (inputs.latestMonotonic ?? 0) * 1000 : null;
  const newest = inputs.newestDatedMs ?? null;
  if (newest !== null && (fromBoot === null || newest >= fromBoot)) return { utcMs: newest, from: 'newest-record' };
  return fromBoot === null ? null : { utcMs: fromBoot, from: 'boot-clock' };
}

const YEAR_SOURCES: Record<YearReference['from'], string> = {
  collection: 'the collection time',
  'newest-record': 'the newest dated record in the bundle',
  'boot-clock': "the current boot's start (/proc/stat btime or paired kernel stamps) and its latest kernel stamp",
};

/** What a reader must know about times the bundle does not fully state; only what was met. */
export function timeNotes(basis: TimeBasis, seen: { local: number; yearless: number; yearlessUnplaced: number; zoneless: number }, boots: readonly BootClock[]): string[] {
  const notes: string[] = [];
  if (seen.yearlessUnplaced > 0) {
    notes.push(
      `${seen.yearlessUnplaced} stamps without a year (syslog, journalctl short text) could not be placed: nothing in the bundle tells the year (no collection time, boot time or dated record), so their wall-clock times are left unknown.`,
    );
  } else if (seen.yearless > 0 && basis.yearFrom !== null && basis.yearFrom !== 'collection') {
    notes.push(
      `Stamps without a year (syslog, journalctl short text) were put in ${basis.yearReference!.slice(0, 4)} (or the year before for later months), taken from ${YEAR_SOURCES[basis.yearFrom]}: approximate.`,
    );
  }
  if (seen.local > 0 && basis.zoneName !== null && basis.utcOffsetMinutes !== null) {
    notes.push(`Node-local stamps (syslog, dmesg -T) were read in the node's zone, ${basis.zoneName}, with the offset in force at each moment (daylight-saving changes included).`);
  }
  if (seen.zoneless > 0) notes.push("The node's time zone is not recorded: node-local stamps (syslog, dmesg -T) were read as UTC and may be off by the zone's offset.");
  if (basis.zoneFrom === 'inferred' && basis.utcOffsetMinutes !== null) {
    notes.push(`The node's zone offset (${formatOffset(basis.utcOffsetMinutes)}) was inferred from the difference between node-local kernel stamps and the boot time in UTC.`);
  }
  if (boots.some((clock) => clock.source === 'dmesg-ctime')) {
    notes.push(
      'Raw kernel stamps were placed on the wall clock by pairing them with dmesg -T lines, which are boot time + printk stamp: after a suspend they (and these times) are early by the time suspended.',
    );
  }
  return notes;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
