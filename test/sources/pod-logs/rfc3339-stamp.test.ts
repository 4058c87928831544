import { describe, expect, it } from 'vitest';
import { rfc3339End, rfc3339Stamp, utcMillis } from '../../../src/sources/pod-logs/rfc3339-stamp.js';

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
    for (const text of ['2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-27T24:00:00Z', '2026-11-27T09:13:31', '2026-11-27 09:13:31Z', '2026-11-27T09:13:31.Z', '2026-11-27T09:13:31+0200', 'now']) {
      expect(rfc3339Stamp(text), text).toBeNull();
    }
  });

  it('finds where a timestamp ends inside a line', () => {
    expect(rfc3339End('2024-01-01T12:00:00.1234Z stdout F x')).toBe(25);
    expect(rfc3339End('x 2024-01-01T12:00:00Z', 2)).toBe(22);
    expect(rfc3339End('2024-01-01T12:00:00.1234')).toBe(-1);
  });
});
