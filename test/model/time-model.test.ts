import { describe, expect, it } from 'vitest';
import { TimeModel, type TimeInputs } from '../../src/model/time-model.js';
import { zoneOffsetMinutes } from '../../src/sources/index.js';
import type { ClockPair, Stamp } from '../../src/sources/index.js';

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

const foreign = (parts: Partial<TimeInputs> = {}): TimeInputs => inputs({ currentBootId: null, collectedAt: null, uptimeSeconds: null, btimeSeconds: null, utcOffset: null, ...parts });
const local = (month: number, day: number, hour: number, minute: number, second: number, year: number | null = null) => ({ year, month, day, hour, minute, second, micros: 0 });
/** Boot at 2026-11-27T09:56:30Z. */
const BTIME = 1_795_773_390;
const ctimePair = (monotonic: number, offsetHours = 0): ClockPair => {
  const wall = new Date(Math.floor(BTIME + monotonic) * 1000 + offsetHours * 3_600_000);
  return {
    monotonic,
    bootId: null,
    utcMs: null,
    local: local(wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), wall.getUTCFullYear()),
    resolutionMs: 1000,
    kind: 'dmesg-ctime',
  };
};

describe('TimeModel without a podmortem manifest', () => {
  it('anchors the boot the bundle was taken in (no id) on /proc/stat btime: raw dmesg is derived', () => {
    const model = new TimeModel(foreign({ procStatBtimeSeconds: BTIME }));
    expect(model.boots).toEqual([{ bootId: null, zeroUtcMs: BTIME * 1000, source: 'procstat-btime', quality: 'derived' }]);
    expect(model.resolve(stamp({ monotonic: 931.472465 }))).toMatchObject({ utc: '2026-11-27T10:12:01.472Z', quality: 'derived', bootId: null });
    // A syslog line names no boot and shows wall time: it is not put on the clock.
    expect(model.resolve(stamp({ monotonic: 5, local: local(11, 27, 10, 0, 0) })).quality).toBe('approximate');
  });

  it('anchors it on dmesg -T copies (approximate: -T drifts after suspend), and says so', () => {
    const model = new TimeModel(foreign({ clockPairs: [ctimePair(12.503211), ctimePair(14.10022), ctimePair(931.472465)] }));
    expect(model.boots).toMatchObject([{ bootId: null, source: 'dmesg-ctime', quality: 'approximate' }]);
    // Whole-second stamps bound the zero to [09:56:29.900, 09:56:30.497) (the true one is 09:56:30): its middle.
    expect(model.boots[0]!.zeroUtcMs).toBeCloseTo(BTIME * 1000 + (-100.22 + 496.789) / 2, 0);
    expect(model.resolve(stamp({ monotonic: 931.472465 })).quality).toBe('approximate');
    expect(model.notes().join(' ')).toMatch(/dmesg -T .*suspend/);
  });

  it('needs two pairs, and takes the densest window (a line read late at boot does not move it)', () => {
    expect(new TimeModel(foreign({ clockPairs: [ctimePair(14.10022)] })).boots).toEqual([]);
    const late = { ...ctimePair(2.5), local: local(11, 27, 9, 56, 45, 2026) };
    const model = new TimeModel(foreign({ clockPairs: [late, ctimePair(12.503211), ctimePair(14.10022), ctimePair(931.472465)] }));
    expect(Math.abs(model.boots[0]!.zeroUtcMs - BTIME * 1000)).toBeLessThan(1000);
  });

  it('infers the node zone from btime against node-local -T copies, then places local stamps with it', () => {
    const model = new TimeModel(foreign({ procStatBtimeSeconds: BTIME, clockPairs: [ctimePair(12.503211, 1), ctimePair(14.10022, 1), ctimePair(931.472465, 1)] }));
    expect(model.basis).toMatchObject({ zoneFrom: 'inferred', utcOffsetMinutes: 60 });
    expect(model.boots[0]!.source).toBe('procstat-btime');
    expect(model.candidates.map((clock) => clock.source)).toEqual(['procstat-btime', 'dmesg-ctime']);
    expect(Math.abs(model.candidates[1]!.zeroUtcMs - BTIME * 1000)).toBeLessThan(1000);
    expect(model.resolve(stamp({ local: local(11, 27, 11, 12, 1, 2026) })).utc).toBe('2026-11-27T10:12:01.000Z');
    // Approximate anchors are expected to differ: they are not clock anomalies.
    expect(model.disagreements(1)).toEqual([]);
  });

  it('takes the zone from date against date --utc, and the collection and year from date --utc', () => {
    const clock = {
      utcMs: Date.parse('2027-01-02T08:00:00Z'),
      utcFrom: 'date_--utc',
      dateLocal: { ...local(1, 2, 9, 0, 0), year: 2027 },
      dateLocalFrom: 'date',
      zoneName: 'CET',
      sosStart: null,
      sosStartFrom: null,
      uptimeSeconds: 3600,
      uptimeFrom: 'uptime',
    };
    const model = new TimeModel(foreign({ collectionClock: clock }));
    expect(model.basis).toMatchObject({ collectedAt: '2027-01-02T08:00:00.000Z', collectedFrom: 'date', yearFrom: 'collection', zoneFrom: 'date', utcOffsetMinutes: 60 });
    expect(model.boots).toEqual([{ bootId: null, zeroUtcMs: Date.parse('2027-01-02T07:00:00Z'), source: 'collection-uptime', quality: 'approximate' }]);
    // A December syslog line of a January collection: the year before, in the node's zone.
    expect(model.resolve(stamp({ local: local(12, 31, 23, 59, 58) })).utc).toBe('2026-12-31T22:59:58.000Z');
  });

  it('gives year-less stamps the year of the newest dated record, and says so', () => {
    const model = new TimeModel(foreign({ newestDatedMs: Date.parse('2026-11-27T10:12:05Z') }));
    expect(model.resolve(stamp({ local: local(11, 27, 10, 12, 1) }))).toMatchObject({ utc: '2026-11-27T10:12:01.000Z', quality: 'approximate' });
    expect(model.basis.yearFrom).toBe('newest-record');
    expect(model.notes().join(' ')).toMatch(/put in 2026 .*newest dated record/);
  });

  it('gives them the year of the boot clock plus the latest printk stamp when nothing is dated', () => {
    const model = new TimeModel(foreign({ procStatBtimeSeconds: BTIME, latestMonotonic: 86_400 * 40 }));
    expect(model.basis).toMatchObject({ yearFrom: 'boot-clock', yearReference: '2027-01-06T09:56:30.000Z' });
    expect(model.resolve(stamp({ local: local(12, 30, 8, 0, 0) })).utc).toBe('2026-12-30T08:00:00.000Z');
  });

  it('leaves them unknown when nothing tells the year, and says why', () => {
    const model = new TimeModel(foreign());
    expect(model.resolve(stamp({ local: local(11, 27, 10, 12, 1) }))).toMatchObject({ utc: null, quality: 'unknown' });
    expect(model.basis.yearFrom).toBeNull();
    expect(model.notes().join(' ')).toMatch(/1 stamps without a year .* could not be placed/);
  });

  it('puts pairs of a named boot (journal short-monotonic copies) on that boot', () => {
    const pairs = [12.503211, 14.10022].map((monotonic) => ({
      ...ctimePair(monotonic),
      bootId: OLD_BOOT,
      utcMs: Math.floor((BTIME + monotonic) * 1000),
      local: null,
      resolutionMs: 0.001,
      kind: 'journal-text' as const,
    }));
    const model = new TimeModel(foreign({ clockPairs: pairs }));
    expect(model.boots).toMatchObject([{ bootId: OLD_BOOT, source: 'journal-text', quality: 'derived' }]);
    expect(model.resolve(stamp({ monotonic: 12.503211 })).quality).toBe('unknown');
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
