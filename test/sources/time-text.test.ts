import { describe, expect, it } from 'vitest';
import {
  EPOCH_YEAR,
  datedStamp,
  fractionToMicros,
  isValidLocalTime,
  matchIsoDateTime,
  monthNumber,
  rfc3339End,
  rfc3339Stamp,
  utcMillis,
  zonedMillis,
  zoneOffsetMinutes,
} from '../../src/sources/time-text.js';
import { SeededRandom, mutations } from '../helpers/seeded-random.js';

describe('rfc3339Stamp', () => {
  it('reads the header samples: containerd variable fraction with Z, conmon 9 digits with +00:00', () => {
    expect(rfc3339Stamp('2024-01-01T12:00:00.1234Z')).toEqual({ text: '2024-01-01T12:00:00.1234Z', monotonic: null, utcMs: 1704110400123.4, local: null, bootId: null });
    const conmon = rfc3339Stamp('2022-05-21T22:00:46.835887817+00:00');
    expect(conmon?.utcMs).toBeCloseTo(Date.UTC(2022, 4, 21, 22, 0, 46) + 835.887817, 3);
  });

  it('accepts no fraction on an exact second and applies numeric offsets', () => {
    expect(rfc3339Stamp('2026-11-27T09:13:31Z')?.utcMs).toBe(Date.UTC(2026, 10, 27, 9, 13, 31));
    expect(rfc3339Stamp('2022-05-22T00:00:47.000000000+02:00')?.utcMs).toBe(Date.UTC(2022, 4, 21, 22, 0, 47));
    expect(rfc3339Stamp('2020-05-15T09:28:52.555281439-05:30')?.utcMs).toBeCloseTo(Date.UTC(2020, 4, 15, 14, 58, 52) + 555.281439, 3);
  });

  it('keeps Go zero time in year 1 instead of 1901', () => {
    expect(rfc3339Stamp('0001-01-01T00:00:00Z')?.utcMs).toBe(utcMillis(1, 1, 1, 0, 0, 0));
    expect(utcMillis(1, 1, 1, 0, 0, 0)).toBeLessThan(Date.UTC(1900, 0, 1));
  });

  it('refuses impossible or malformed times', () => {
    for (const text of [
      '2026-13-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-11-27T24:00:00Z',
      '2026-11-27T09:13:31',
      '2026-11-27 09:13:31Z',
      '2026-11-27T09:13:31.Z',
      '2026-11-27T09:13:31+0200',
      'now',
    ]) {
      expect(rfc3339Stamp(text), text).toBeNull();
    }
  });

  it('finds where a timestamp ends inside a line', () => {
    expect(rfc3339End('2024-01-01T12:00:00.1234Z stdout F x')).toBe(25);
    expect(rfc3339End('x 2024-01-01T12:00:00Z', 2)).toBe(22);
    expect(rfc3339End('2024-01-01T12:00:00.1234')).toBe(-1);
  });
});

describe('matchIsoDateTime', () => {
  it('reads the header sample: dmesg --time-format iso, comma before the microseconds', () => {
    expect(matchIsoDateTime('2026-11-28T04:13:10,472465+00:00 python3 invoked oom-killer')).toEqual({
      end: 32,
      time: { year: 2026, month: 11, day: 28, hour: 4, minute: 13, second: 10, micros: 472465 },
      offsetMinutes: 0,
      precise: true,
      comma: true,
    });
  });

  it('reads journalctl short-iso zones with and without a colon, and no fraction', () => {
    expect(matchIsoDateTime('2026-11-28T04:16:19+0000 vm kubelet[8830]: x')).toMatchObject({ end: 24, offsetMinutes: 0, precise: false, comma: false });
    expect(matchIsoDateTime('2024-01-01T14:00:00.5-05:30')).toMatchObject({ end: 27, offsetMinutes: -330, time: { micros: 500000 }, comma: false });
  });

  it('needs a zone and at most nine fraction digits; leaves range checks to the caller', () => {
    expect(matchIsoDateTime('2026-11-28T04:16:19 vm')).toBeNull();
    expect(matchIsoDateTime('2026-11-28T04:16:19.1234567890Z')).toBeNull();
    expect(matchIsoDateTime('2026-11-28 04:16:19Z')).toBeNull();
    expect(matchIsoDateTime('2026-13-45T25:00:00Z')?.time).toMatchObject({ month: 13, day: 45, hour: 25 });
  });
});

describe('zones, fractions and ranges', () => {
  it.each([
    ['Z', 0],
    ['UTC', 0],
    ['Etc/UTC', 0],
    ['+0000', 0],
    ['+02:00', 120],
    ['-0530', -330],
    ['CET', null],
    ['+2', null],
    ['+01:0', null],
    ['+010:0', null],
    ['+01:000', null],
    ['-0a00', null],
    ['', null],
    [null, null],
  ])('zone %s is %s minutes east of UTC', (zone, minutes) => {
    expect(zoneOffsetMinutes(zone)).toBe(minutes);
  });

  it('takes a fraction of any length to whole microseconds', () => {
    expect(['123456', '662764956', '123', '5', '', undefined].map(fractionToMicros)).toEqual([123456, 662764, 123000, 500000, 0, 0]);
  });

  it('checks the ranges of a wall time, and the year only against what the caller allows', () => {
    const time = { year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 60, micros: 0 };
    expect(isValidLocalTime(time)).toBe(true);
    expect(isValidLocalTime(time, EPOCH_YEAR)).toBe(false);
    expect(isValidLocalTime({ ...time, year: null }, EPOCH_YEAR)).toBe(true);
    for (const wrong of [{ month: 0 }, { month: 13 }, { day: 0 }, { day: 32 }, { hour: 24 }, { minute: 60 }, { second: 61 }, { year: 10_000 }]) {
      expect(isValidLocalTime({ ...time, ...wrong }), JSON.stringify(wrong)).toBe(false);
    }
  });

  it('computes UTC like Date.UTC from year 100 on, and keeps years 0-99 as they are', () => {
    expect(utcMillis(2026, 11, 28, 4, 13, 10)).toBe(Date.UTC(2026, 10, 28, 4, 13, 10));
    expect(utcMillis(2026, 13, 1, 0, 0, 0)).toBe(Date.UTC(2027, 0, 1));
    expect(new Date(utcMillis(99, 12, 31, 0, 0, 0)).getUTCFullYear()).toBe(99);
    expect(zonedMillis({ year: 2026, month: 11, day: 28, hour: 6, minute: 13, second: 10, micros: 472465 }, 120)).toBe(Date.UTC(2026, 10, 28, 4, 13, 10) + 472.465);
  });

  it('makes an exact stamp when the zone is known, else a local one with its year', () => {
    const time = { year: 2026, month: 11, day: 28, hour: 4, minute: 13, second: 14, micros: 0 };
    expect(datedStamp('2026-11-28 04:13:14', time, 'UTC')).toEqual({ text: '2026-11-28 04:13:14', monotonic: null, utcMs: Date.UTC(2026, 10, 28, 4, 13, 14), local: null, bootId: null });
    expect(datedStamp('2026-11-28 04:13:14', time, 'CET')).toEqual({ text: '2026-11-28 04:13:14', monotonic: null, utcMs: null, local: time, bootId: null });
  });
});

describe('monthNumber', () => {
  it.each([
    ['Nov', 11],
    ['Mär', 3],
    ['mrz', 3],
    ['févr.', 2],
    ['AOÛT', 8],
    ['sept', 9],
    ['gen', 1],
    ['mrt', 3],
  ])('%s is month %i', (name, month) => {
    expect(monthNumber(name)).toBe(month);
  });

  it('reads a decomposed accent (NFD) like the composed one', () => {
    expect(monthNumber('Ma\u0308r')).toBe(3);
  });

  it('knows no other names, inherited object members included', () => {
    for (const name of ['дек', 'xyz', 'constructor', '__proto__', 'toString', '', '.']) expect(monthNumber(name), name).toBeNull();
  });
});

describe('time text under fuzzing', () => {
  const REAL = Buffer.from(
    ['2024-01-01T12:00:00.1234Z', '2022-05-21T22:00:46.835887817+00:00', '2026-11-28T04:13:10,472465+00:00', '2026-11-28T04:16:19+0000', 'Mär', 'févr.', 'Etc/UTC', '-05:30'].join('\n'),
  );

  it.each([1, 2, 3])('seed %i: nothing throws, and every time read is a finite number', (seed) => {
    const random = new SeededRandom(seed);
    const lines = mutations(random, REAL, 200).flatMap((input) => input.toString('utf8').split('\n'));
    for (const line of lines) {
      const text = line.slice(0, 200);
      const end = rfc3339End(text);
      const stamp = rfc3339Stamp(text);
      if (stamp) expect([end, Number.isFinite(stamp.utcMs)], text).toEqual([text.length, true]);
      const iso = matchIsoDateTime(text);
      if (iso) expect(Number.isFinite(zonedMillis(iso.time, iso.offsetMinutes)), text).toBe(true);
      const month = monthNumber(text);
      expect(month === null || (Number.isInteger(month) && month >= 1 && month <= 12), text).toBe(true);
      const offset = zoneOffsetMinutes(text);
      expect(offset === null || Number.isInteger(offset), text).toBe(true);
    }
    expect(lines.length).toBeGreaterThan(200);
  });
});
