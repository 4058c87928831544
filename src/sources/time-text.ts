/**
 * Date and time text as the node's programs print it, read into a `Stamp` (stamp.ts) by every
 * parser: RFC 3339 / ISO 8601 stamps, zone offsets, fractions of a second, month names. Each
 * parser keeps its own pattern (what it accepts); the arithmetic and the checks are here, once.
 *
 *   `2024-01-01T12:00:00.1234Z`                (containerd CRI log)   → rfc3339Stamp → { utcMs: 1704110400123.4 }
 *   `2026-11-28T04:13:10,472465+00:00 …`       (dmesg --time-format iso, journalctl short-iso)
 *                                              → matchIsoDateTime → { time: { year: 2026, …, micros: 472465 }, offsetMinutes: 0, comma: true }
 *   `Mär`, `févr.`, `Nov`                      (strftime %b in the node's locale) → monthNumber → 3, 2, 11
 *
 * Years 0–99 stay years 0–99 (Go's zero time is `0001-01-01T00:00:00Z`), where `Date.UTC`
 * would read them as 1900–1999.
 */
import type { LocalTime, Stamp } from './stamp.js';

/** A wall time with its year: what a stamp with a date carries. */
export type DatedTime = LocalTime & { year: number };

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

export function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) value = value * 10 + (text.charCodeAt(i) - DIGIT_0);
  return value;
}

/** Whether `text` at `at` holds two digits. */
function twoDigitsAt(text: string, at: number): boolean {
  return isDigitAt(text, at) && isDigitAt(text, at + 1);
}

/** Milliseconds since the epoch of a UTC wall time; fields out of range roll over as in `Date.UTC`. */
export function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** Milliseconds since the epoch of a wall time printed `offsetMinutes` east of UTC. */
export function zonedMillis(time: DatedTime, offsetMinutes: number): number {
  return utcMillis(time.year, time.month, time.day, time.hour, time.minute, time.second) - offsetMinutes * 60_000 + time.micros / 1000;
}

/** Zone names that mean UTC itself; other abbreviations (`CET`, `CEST`) are ambiguous and stay unread. */
const UTC_NAMES = new Set(['Z', 'UTC', 'GMT', 'UCT', 'Etc/UTC']);

/** `Z`, `UTC`, `+0000`, `+00:00`, `-05:30` → minutes east of UTC; anything else (or nothing) → null. */
export function zoneOffsetMinutes(zone: string | null | undefined): number | null {
  if (!zone) return null;
  const sign = zone.charCodeAt(0);
  if (sign !== 0x2b && sign !== 0x2d) return UTC_NAMES.has(zone) ? 0 : null;
  // `±hhmm` or `±hh:mm`, read without a regular expression: this runs once per stamped line.
  const minutesAt = zone.length === 6 && zone.charCodeAt(3) === 0x3a ? 4 : 3;
  if (zone.length !== minutesAt + 2 || !twoDigitsAt(zone, 1) || !twoDigitsAt(zone, minutesAt)) return null;
  const minutes = digitsAt(zone, 1, 2) * 60 + digitsAt(zone, minutesAt, 2);
  return sign === 0x2d ? -minutes : minutes;
}

/** A printed date-time: exact (`utcMs`) when its zone is known, else local time with its year. */
export function datedStamp(text: string, time: DatedTime, zone: string | null | undefined): Stamp {
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === null) return { text, monotonic: null, utcMs: null, local: time, bootId: null };
  return { text, monotonic: null, utcMs: zonedMillis(time, offsetMinutes), local: null, bootId: null };
}

/** `123456` → 123456 µs, `662764956` (ns) → 662764 µs, `123` (ms) → 123000 µs, none → 0. */
export function fractionToMicros(digits: string | undefined): number {
  if (!digits) return 0;
  return Math.floor(Number((digits + '000000').slice(0, 6)));
}

/** The kernel's clock starts in 1970: a parser may refuse an earlier printed year as garbage. */
export const EPOCH_YEAR = 1970;

/**
 * The ranges a printed wall time must have (a leap second is allowed; the day is only checked
 * against 31); a year, when shown, from `earliestYear` to 9999.
 */
export function isValidLocalTime(time: LocalTime, earliestYear = 0): boolean {
  return (
    time.month >= 1 &&
    time.month <= 12 &&
    time.day >= 1 &&
    time.day <= 31 &&
    time.hour <= 23 &&
    time.minute <= 59 &&
    time.second <= 60 &&
    (time.year === null || (time.year >= earliestYear && time.year <= 9999))
  );
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const ISO_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:([,.])(\d{1,9}))?(Z|[+-]\d\d:?\d\d)/;

/** An ISO 8601 date-time with a zone at the start of a line, as `matchIsoDateTime` found it. */
export interface IsoDateTime {
  /** Where the stamp ends (after the zone). */
  end: number;
  time: DatedTime;
  offsetMinutes: number;
  /** A fraction of the second was printed. */
  precise: boolean;
  /** The fraction came after a `,` (dmesg --time-format iso) rather than a `.` (rsyslog, journalctl). */
  comma: boolean;
}

/**
 * `2026-11-28T04:13:10,472465+00:00`, `2026-11-28T04:16:19+0000`: `T`, an optional `.` or `,`
 * with 1–9 fraction digits, a zone `Z`, `±hh:mm` or `±hhmm`. The fields are not range-checked:
 * callers that refuse impossible times use `isValidLocalTime`.
 */
export function matchIsoDateTime(text: string): IsoDateTime | null {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return null;
  const time = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), micros: fractionToMicros(m[8]) };
  return { end: m[0].length, time, offsetMinutes: zoneOffsetMinutes(m[9]) ?? 0, precise: m[7] !== undefined, comma: m[7] === ',' };
}

/**
 * Month abbreviations as strftime `%b` prints them: `dmesg -T` and journalctl follow the node's
 * locale, so a German node writes `[Sa Mär  2 10:00:00 2024]` and a French one
 * `[sam. nov. 28 04:13:10 2026]`. Keys are lower case without a trailing dot. Captured with
 * `date +%b` under de_DE, fr_FR, es_ES (glibc locales); Italian, Portuguese and Dutch added from
 * the same glibc tables.
 */
const MONTH_TABLES: readonly (readonly string[])[] = [
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  // de_DE; `mrz` is the older glibc spelling of March.
  ['jan', 'feb', 'mär', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dez'],
  ['jan', 'feb', 'mrz'],
  // fr_FR: `janv.`, `févr.`, `mars`, `avril` (older glibc: `avr.`), `juil.`, `août`, `sept.`, `déc.`
  ['janv', 'févr', 'mars', 'avril', 'mai', 'juin', 'juil', 'août', 'sept', 'oct', 'nov', 'déc'],
  ['janv', 'févr', 'mars', 'avr'],
  // es_ES
  ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept'],
  // it_IT, pt_PT / pt_BR, nl_NL
  ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'],
  ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'],
  ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
];

/** A Map, so a name taken from the input (`constructor`) is never an inherited member. */
const MONTHS = new Map<string, number>(MONTH_TABLES.flatMap((table) => table.map((name, index) => [name, index + 1] as const)));

/** 1–12 for a month name in one of the known locales, or null. */
export function monthNumber(name: string): number | null {
  let key = name.toLowerCase();
  if (key.endsWith('.')) key = key.slice(0, -1);
  // The table is in NFC; a decomposed `Mär` (NFD) is looked up again, so a plain name costs no normalize.
  return MONTHS.get(key) ?? MONTHS.get(key.normalize('NFC')) ?? null;
}

/**
 * Where a strict RFC 3339 timestamp that starts at `start` ends (exclusive), or -1 when the text
 * there does not have the shape: as container runtimes print them (Go `time.RFC3339Nano`,
 * conmon's `%09ld±hh:mm`, crictl inspect), a variable number of fraction digits after a `.`,
 * none on an exact second, and `Z` or `±hh:mm`. Only the shape is checked (cheap, for every log
 * line: this runs once per line of multi-GB logs, hence the unrolled checks); the values are
 * checked by `rfc3339Stamp`.
 */
export function rfc3339End(text: string, start = 0): number {
  const s = start;
  if (text.length - s < 20) return -1;
  if (!(twoDigitsAt(text, s) && twoDigitsAt(text, s + 2) && text.charCodeAt(s + 4) === 0x2d && twoDigitsAt(text, s + 5))) return -1;
  if (!(text.charCodeAt(s + 7) === 0x2d && twoDigitsAt(text, s + 8) && text.charCodeAt(s + 10) === 0x54 && twoDigitsAt(text, s + 11))) return -1;
  if (!(text.charCodeAt(s + 13) === 0x3a && twoDigitsAt(text, s + 14) && text.charCodeAt(s + 16) === 0x3a && twoDigitsAt(text, s + 17))) return -1;
  let i = s + 19;
  if (text.charCodeAt(i) === 0x2e) {
    const fractionStart = i + 1;
    i = fractionStart;
    while (isDigitAt(text, i)) i += 1;
    if (i === fractionStart) return -1;
  }
  const zone = text.charCodeAt(i);
  if (zone === 0x5a) return i + 1;
  if (zone !== 0x2b && zone !== 0x2d) return -1;
  return twoDigitsAt(text, i + 1) && text.charCodeAt(i + 3) === 0x3a && twoDigitsAt(text, i + 4) ? i + 6 : -1;
}

/**
 * The stamp of a whole strict RFC 3339 string (see `rfc3339End`), exact to the nanosecond, or
 * null when it is not one or names an impossible time (`2026-02-30`, `24:00`, `+24:00`).
 */
export function rfc3339Stamp(text: string): Stamp | null {
  if (rfc3339End(text, 0) !== text.length) return null;
  const utcMs = rfc3339Millis(text);
  return utcMs === null ? null : { text, monotonic: null, utcMs, local: null, bootId: null };
}

function rfc3339Millis(text: string): number | null {
  const time = {
    year: digitsAt(text, 0, 4),
    month: digitsAt(text, 5, 2),
    day: digitsAt(text, 8, 2),
    hour: digitsAt(text, 11, 2),
    minute: digitsAt(text, 14, 2),
    second: digitsAt(text, 17, 2),
    micros: 0,
  };
  if (!isValidLocalTime(time) || time.day > daysInMonth(time.year, time.month)) return null;
  let i = 19;
  let nanos = 0;
  if (text[i] === '.') {
    let scale = 100_000_000;
    for (i += 1; isDigitAt(text, i); i += 1) {
      nanos += (text.charCodeAt(i) - DIGIT_0) * scale;
      scale = Math.floor(scale / 10);
    }
  }
  let offsetMinutes = 0;
  if (text[i] !== 'Z') {
    const offsetHours = digitsAt(text, i + 1, 2);
    const offsetMins = digitsAt(text, i + 4, 2);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (text[i] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return zonedMillis(time, offsetMinutes) + nanos / 1e6;
}
