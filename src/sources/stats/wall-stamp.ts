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
import type { Stamp } from '../stamp.js';
import { datedStamp, fractionToMicros, isValidLocalTime, type DatedTime } from '../time-text.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AaPp][Mm]))?$/;

export function parseWallStamp(text: string, zone: string | null = null): Stamp | null {
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, offset] = iso;
    const local = localTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), fraction);
    return local && datedStamp(trimmed, local, offset ?? zone);
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
  return local && datedStamp(trimmed, local, zone);
}

function localTime(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction: string | undefined): DatedTime | null {
  const time = { year, month, day, hour, minute, second, micros: fractionToMicros(fraction) };
  return isValidLocalTime(time) ? time : null;
}
