import type { LocalTime } from '../stamp.js';

/** Checks the ranges a printed date must have; a stamp outside them is not a stamp. */
export function isValidLocalTime(time: LocalTime): boolean {
  return (
    time.month >= 1 &&
    time.month <= 12 &&
    time.day >= 1 &&
    time.day <= 31 &&
    time.hour <= 23 &&
    time.minute <= 59 &&
    time.second <= 60 &&
    (time.year === null || (time.year >= 1970 && time.year <= 9999))
  );
}

/**
 * Milliseconds since the epoch for a wall time with a year and a zone offset (`+00:00`,
 * `+0000`, `Z`); null when the zone text is not one of those.
 */
export function utcMillis(time: LocalTime & { year: number }, zone: string): number | null {
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === null) return null;
  const base = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  return base - offsetMinutes * 60_000 + time.micros / 1000;
}

function zoneOffsetMinutes(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const match = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** `123456` → 123456 µs, `662764956` (ns) → 662764 µs, `123` (ms) → 123000 µs. */
export function fractionToMicros(digits: string | undefined): number {
  if (!digits) return 0;
  return Math.floor(Number((digits + '000000').slice(0, 6)));
}
