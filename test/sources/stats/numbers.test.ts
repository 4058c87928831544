import { describe, expect, it } from 'vitest';
import { parseCount, parseDecimal, parseInteger, parseKib, parsePercent } from '../../../src/sources/stats/numbers.js';
import { readTopClock } from '../../../src/sources/stats/top-summary.js';
import { parseWallStamp } from '../../../src/sources/stats/wall-stamp.js';

describe('numbers as the tools print them', () => {
  it('reads decimals with either separator and refuses the rest', () => {
    expect(['12', '-3', '0.15', '0,15', '.5', '1.', '', '-', '1,234,5', '1e3', 'NaN'].map(parseDecimal)).toEqual([12, -3, 0.15, 0.15, 0.5, 1, null, null, null, null, null]);
    expect(['7', '-999', '1.5', '9007199254740993', ''].map(parseInteger)).toEqual([7, -999, null, null, null]);
    expect(['22%', '17,6%', '-', '%'].map(parsePercent)).toEqual([22, 17.6, null, null]);
  });

  it('reads sizes into KiB, a suffix overriding the column unit', () => {
    expect(parseKib('40884')).toBe(40884);
    expect(parseKib('1.2g')).toBeCloseTo(1.2 * 1024 ** 2);
    expect(parseKib('793m')).toBe(793 * 1024);
    expect(parseKib('4.0K', 1024)).toBe(4);
    expect(parseKib('8,6Mi')).toBeCloseTo(8.6 * 1024);
    expect(parseKib('0B')).toBe(0);
    expect(parseKib('512B')).toBe(0.5);
    expect(parseKib('0.36', 1024)).toBeCloseTo(368.64);
    expect(parseKib('254.41', 0.5)).toBeCloseTo(127.205);
    expect(parseKib('12x')).toBeNull();
    expect(['114', '3.0M', '398K', '-'].map(parseCount)).toEqual([114, 3 * 1024 ** 2, 398 * 1024, null]);
  });
});

describe('wall-clock stamps of the sampling tools', () => {
  it.each([
    ['2026-11-28 04:13:14', 'UTC', { utcMs: Date.UTC(2026, 10, 28, 4, 13, 14), local: null }],
    ['2026-11-28 05:17:41', 'CET', { utcMs: null, local: { year: 2026, month: 11, day: 28, hour: 5, minute: 17, second: 41, micros: 0 } }],
    ['2026-11-28T04:13:53+0000', null, { utcMs: Date.UTC(2026, 10, 28, 4, 13, 53) }],
    ['2026-11-28T06:13:53+02:00', null, { utcMs: Date.UTC(2026, 10, 28, 4, 13, 53) }],
    ['11/28/26 04:13:51', null, { local: { year: 2026, month: 11, day: 28, hour: 4 } }],
    ['28/11/2026 04:13:51 PM', null, { local: { year: 2026, month: 11, day: 28, hour: 16 } }],
    ['01/15/2024 12:05:00 AM', null, { local: { month: 1, day: 15, hour: 0, minute: 5 } }],
    ['28.11.2026 04:19:19', null, { local: { month: 11, day: 28 } }],
  ])('%s (%s)', (text, zone, expected) => {
    expect(parseWallStamp(text, zone)).toMatchObject({ text, monotonic: null, bootId: null, ...expected });
  });

  it.each(['13/13/2026 04:13:51', '2026-11-28 25:00:00', '11/28/26', 'garbage', '1/2/3 4:5:6'])('refuses %s', (text) => {
    expect(parseWallStamp(text)).toBeNull();
  });
});

describe('top clock line', () => {
  it.each([
    ['top - 04:13:17 up 15 min,  0 user,  load average: 0.15, 0.10, 0.05', 15 * 60, 0],
    ['top - 12:00:00 up  3:04,  1 user,  load average: 0.15, 0.10, 0.05', (3 * 60 + 4) * 60, 1],
    ['top - 12:00:00 up 10 days,  3:04,  0 users,  load average: 0.15, 0.10, 0.05', ((10 * 24 + 3) * 60 + 4) * 60, 0],
    ['top - 12:00:00 up 1 day, 10 min,  2 users,  load average: 0.15, 0.10, 0.05', (24 * 60 + 10) * 60, 2],
  ])('%s', (text, uptimeSeconds, users) => {
    expect(readTopClock(text)).toEqual({ clock: text.slice(6, 14), uptimeSeconds, users, loadAverage: { one: 0.15, five: 0.1, fifteen: 0.05 } });
  });
});
