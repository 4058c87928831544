/**
 * The node's time zone, for node-local wall times (syslog, `dmesg -T`, `date`). A fixed offset is
 * right only near the moment it was read: a kern.log line from before a daylight-saving change is
 * an hour off with the collection's offset. When the bundle names the IANA zone (the manifest's
 * `timezone`, `Europe/Berlin`), each local time is converted with the offset in force at that
 * moment, from the zone database Node's `Intl` carries.
 *
 *   Europe/Berlin: 2026-10-24 23:00 local → 21:00Z (CEST, +0200); 2026-10-26 10:00 → 09:00Z (CET, +0100)
 *
 * A local time that occurs twice (the hour repeated when clocks go back) is read as the first of
 * the two; one that never occurs (the hour skipped when clocks go forward) with the offset before
 * the change, as `date -d` does.
 */

export interface NodeZone {
  /** The IANA name, or null for a fixed offset. */
  name: string | null;
  /** Minutes east of UTC at the UTC moment `utcMs`. */
  offsetAt(utcMs: number): number;
}

export function fixedZone(offsetMinutes: number): NodeZone {
  return { name: null, offsetAt: () => offsetMinutes };
}

/** Offsets are read per quarter hour: every real zone changes on a quarter-hour boundary. */
const QUARTER_HOUR_MS = 15 * 60_000;

/** The zone `name` names, or null when it is not a zone the database knows (`CET` alone, a path, junk). */
export function ianaZone(name: string | null | undefined): NodeZone | null {
  const zone = ianaName(name);
  if (zone === null) return null;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    return null;
  }
  const cache = new Map<number, number>();
  return {
    name: zone,
    offsetAt(utcMs) {
      const quarter = Math.floor(utcMs / QUARTER_HOUR_MS);
      let offset = cache.get(quarter);
      if (offset === undefined) {
        offset = wallMinusUtcMinutes(format, quarter * QUARTER_HOUR_MS);
        if (cache.size > 10_000) cache.clear();
        cache.set(quarter, offset);
      }
      return offset;
    },
  };
}

/** `Europe/Berlin`, also as `/usr/share/zoneinfo/Europe/Berlin` or `posix/Europe/Berlin`; null for anything else. */
function ianaName(text: string | null | undefined): string | null {
  if (!text) return null;
  const name = text
    .trim()
    .replace(/^.*zoneinfo\//, '')
    .replace(/^(?:posix|right)\//, '');
  return /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(name) ? name : null;
}

function wallMinusUtcMinutes(format: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((wall - utcMs) / 60_000);
}

const DAY_MS = 86_400_000;

/** Node-local wall time (its fields read as if UTC, in ms) → the UTC moment. */
export function wallToUtcMs(zone: NodeZone, wallMs: number): number {
  // The offsets in force around that day; each gives a moment, which fits when its offset is the one used.
  const before = zone.offsetAt(wallMs - DAY_MS);
  const offsets = new Set([before, zone.offsetAt(wallMs), zone.offsetAt(wallMs + DAY_MS)]);
  const fits = [...offsets].map((offset) => wallMs - offset * 60_000).filter((utcMs) => zone.offsetAt(utcMs) * 60_000 === wallMs - utcMs);
  // Two fit in a repeated hour: the first occurrence. None fits in a skipped hour: the offset before.
  return fits.length > 0 ? Math.min(...fits) : wallMs - before * 60_000;
}
