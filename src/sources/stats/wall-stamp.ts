/**
 * Wall-clock stamps of the sampling tools, kept as printed (see stamp.ts):
 *
 *   vmstat -t   `2026-11-28 04:13:14` (zone from the header: `UTC`)  → utcMs when the zone is UTC,
 *                                                                       else local with year
 *   iostat -t   `11/28/26 04:13:51` (LC_TIME=C), `28/11/2026 04:13:51 PM`, `28.11.2026 04:13:51`
 *                                                                     → local with year
 *   iostat -t   `2026-11-28T04:13:53+0000` (S_TIME_FORMAT=ISO)        → utcMs
 *
 * A slashed date is month first (the C locale) unless its first number cannot be a month.
 */
import type { LocalTime, Stamp } from '../stamp.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AaPp][Mm]))?$/;
const UTC_NAMES = new Set(['UTC', 'GMT', 'Z', 'UCT', 'Etc/UTC']);

export function parseWallStamp(text: string, zone: string | null = null): Stamp | null {
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, offset] = iso;
    const local = localTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), fraction);
    return local && stampOf(trimmed, local, offset ?? zone);
  }
  const numeric = NUMERIC.exec(trimmed);
  if (!numeric) return null;
  const [, first, separator, second, yearText, hourText, minute, secondText, meridiem] = numeric;
  const a = Number(first);
  const b = Number(second);
  const dayFirst = separator === '.' || a > 12;
  const year = yearText!.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  let hour = Number(hourText);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  const local = localTime(year, dayFirst ? b : a, dayFirst ? a : b, hour, Number(minute), Number(secondText), undefined);
  return local && stampOf(trimmed, local, zone);
}

function localTime(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction: string | undefined): LocalTime | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const micros = fraction ? Number(fraction.padEnd(6, '0')) : 0;
  return { year, month, day, hour, minute, second, micros };
}

function stampOf(text: string, local: LocalTime, zone: string | null | undefined): Stamp {
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === null) return { text, monotonic: null, utcMs: null, local, bootId: null };
  const wall = Date.UTC(local.year!, local.month - 1, local.day, local.hour, local.minute, local.second) + local.micros / 1000;
  return { text, monotonic: null, utcMs: wall - offsetMinutes * 60_000, local: null, bootId: null };
}

/** `+0000`, `-05:30`, `Z`, `UTC` → minutes east of UTC; an abbreviation like `CET` → null (ambiguous). */
function zoneOffsetMinutes(zone: string | null | undefined): number | null {
  if (!zone) return null;
  if (UTC_NAMES.has(zone)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
