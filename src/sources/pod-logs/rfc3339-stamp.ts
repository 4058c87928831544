/**
 * RFC 3339 timestamps as container runtimes print them (Go `time.RFC3339Nano`, conmon's
 * `%09ld±hh:mm`, crictl inspect): a variable number of fraction digits, none on an exact second,
 * and `Z` or a numeric offset.
 *
 *   `2024-01-01T12:00:00.1234Z`              → { text, utcMs: 1704110400123.4 }
 *   `2022-05-21T22:00:46.835887817+00:00`    → { text, utcMs: 1653170446835.887817 }
 *
 * These stamps carry a year and a zone, so they are exact (`utcMs`); nothing is guessed.
 */
import type { Stamp } from '../stamp.js';

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

function isDigitAt(text: string, index: number): boolean {
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

/**
 * Where an RFC 3339 timestamp that starts at `start` ends (exclusive), or -1 when the text there
 * does not have the shape. Only the shape is checked (cheap, for every log line: this runs once
 * per line of multi-GB logs, hence the unrolled checks); the values are checked by `rfc3339Stamp`.
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

/** The stamp of a whole RFC 3339 string, or null when it is not one or names an impossible time. */
export function rfc3339Stamp(text: string): Stamp | null {
  if (rfc3339End(text, 0) !== text.length) return null;
  const utcMs = rfc3339Millis(text);
  return utcMs === null ? null : { text, monotonic: null, utcMs, local: null, bootId: null };
}

function rfc3339Millis(text: string): number | null {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return null;
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
  return utcMillis(year, month, day, hour, minute, second) - offsetMinutes * 60_000 + nanos / 1e6;
}

/** `Date.UTC` reads years 0–99 as 1900–1999; Go's zero time (`0001-01-01T00:00:00Z`) must stay in year 1. */
export function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
