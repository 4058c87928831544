import { describe, expect, it } from 'vitest';
import { TimeModel, type TimeInputs } from '../../src/model/time-model.js';
import { zoneOffsetMinutes } from '../../src/sources/index.js';
import type { Stamp } from '../../src/sources/index.js';

const BOOT = '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d';
const OLD_BOOT = '0123456789abcdef0123456789abcdef';
const stamp = (parts: Partial<Stamp>): Stamp => ({ text: 'x', monotonic: null, utcMs: null, local: null, bootId: null, ...parts });
const inputs = (parts: Partial<TimeInputs> = {}): TimeInputs => ({
  journalBoots: [],
  currentBootId: '3b5d0c1e-7a2f-4c8e-9d10-5e6f7a8b9c0d',
  collectedAt: '2026-11-27T10:15:02.000Z',
  uptimeSeconds: 90000,
  btimeSeconds: 1_795_684_502,
  utcOffset: '+0000',
  ...parts,
});

describe('TimeModel', () => {
  it('keeps exact stamps exact', () => {
    const model = new TimeModel(inputs());
    expect(model.resolve(stamp({ utcMs: Date.UTC(2026, 10, 27, 10, 0, 0, 123), bootId: BOOT }))).toMatchObject({ utc: '2026-11-27T10:00:00.123Z', quality: 'exact', bootId: BOOT });
  });

  it('places raw dmesg seconds on the current boot with the manifest uptime anchor', () => {
    const model = new TimeModel(inputs());
    // collected at 10:15:02 with 90000 s uptime → boot at 2026-11-26T09:15:02Z
    expect(model.resolve(stamp({ monotonic: 86412.30129 }))).toMatchObject({ utc: '2026-11-27T09:15:14.301Z', quality: 'derived', bootId: BOOT });
    expect(model.boots).toEqual([{ bootId: BOOT, zeroUtcMs: Date.parse('2026-11-26T09:15:02Z'), source: 'manifest-uptime', quality: 'derived' }]);
  });

  it('prefers the journal kernel anchor, then the journal monotonic anchor, per boot', () => {
    const model = new TimeModel(
      inputs({
        journalBoots: [
          { bootId: BOOT, kernelWallMinusPrintkMs: Date.parse('2026-11-26T09:15:01.500Z'), wallMinusMonotonicMs: Date.parse('2026-11-26T09:15:01.000Z') },
          { bootId: OLD_BOOT, kernelWallMinusPrintkMs: null, wallMinusMonotonicMs: Date.parse('2026-11-20T00:00:00Z') },
        ],
      }),
    );
    expect(model.resolve(stamp({ monotonic: 10 }))).toMatchObject({ utc: '2026-11-26T09:15:11.500Z', quality: 'derived' });
    expect(model.resolve(stamp({ monotonic: 60, bootId: OLD_BOOT }))).toMatchObject({ utc: '2026-11-20T00:01:00.000Z', quality: 'derived', bootId: OLD_BOOT });
    expect(model.clock(OLD_BOOT)?.source).toBe('journal');
  });

  it('falls back to btime without uptime', () => {
    const model = new TimeModel(inputs({ uptimeSeconds: null }));
    expect(model.resolve(stamp({ monotonic: 1 }))).toMatchObject({ utc: '2026-11-26T09:15:03.000Z', quality: 'derived' });
  });

  it('places year-less syslog times with the node zone and the collection year, approximately', () => {
    const model = new TimeModel(inputs({ utcOffset: '+0100' }));
    const local = { year: null, month: 11, day: 27, hour: 10, minute: 0, second: 5, micros: 250000 };
    expect(model.resolve(stamp({ local, monotonic: 5 }))).toMatchObject({ utc: '2026-11-27T09:00:05.250Z', quality: 'approximate', bootId: null });
  });

  it('puts a December line of a January collection in the year before', () => {
    const model = new TimeModel(inputs({ collectedAt: '2027-01-02T00:00:00Z' }));
    expect(model.resolve(stamp({ local: { year: null, month: 12, day: 31, hour: 23, minute: 59, second: 0, micros: 0 } })).utc).toBe('2026-12-31T23:59:00.000Z');
  });

  it('says unknown when nothing anchors the stamp', () => {
    const model = new TimeModel(inputs({ currentBootId: null, collectedAt: null, uptimeSeconds: null, btimeSeconds: null }));
    expect(model.resolve(stamp({ monotonic: 12 }))).toMatchObject({ utc: null, quality: 'unknown' });
    expect(model.resolve(stamp({ local: { year: null, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 } }))).toMatchObject({ quality: 'unknown' });
  });
});

describe('the manifest utcOffset forms the time model reads', () => {
  it.each([
    ['+0000', 0],
    ['+01:00', 60],
    ['-0530', -330],
    ['Z', 0],
    ['UTC', 0],
    ['CET', null],
    [null, null],
  ])('%s', (text, minutes) => expect(zoneOffsetMinutes(text)).toBe(minutes));
});
