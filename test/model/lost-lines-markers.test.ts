/**
 * Each lost-lines marker's time is resolved once, however many kills are checked against it (a
 * crash loop of thousands of kills against up to 1,000 markers made millions of resolutions), and
 * a kill gets the markers from 5 s before it to 120 s after it, at most 5, in their order.
 */
import { describe, expect, it } from 'vitest';
import { LostLinesMarkers } from '../../src/model/oom-kill-caveats.js';
import type { EventTime, TimeModel } from '../../src/model/time-model.js';
import type { LostLinesMarker, OomVictim } from '../../src/sources/index.js';

const BASE_MS = Date.UTC(2026, 10, 27, 10, 0, 0);

function marker(offsetSeconds: number, line: number): LostLinesMarker {
  return {
    kind: 'callbacks-suppressed',
    count: 3,
    name: 'oom_kill_process',
    stamp: { text: `+${offsetSeconds}`, monotonic: null, utcMs: BASE_MS + offsetSeconds * 1000, local: null, bootId: null },
    file: 'kernel/dmesg.txt',
    line,
  };
}

/** A time model that counts the stamps it resolves. */
function countingTime(): Pick<TimeModel, 'resolve'> & { calls: number } {
  const time = {
    calls: 0,
    resolve(stamp: LostLinesMarker['stamp']): EventTime {
      time.calls += 1;
      return { utc: null, utcMs: stamp.utcMs, quality: 'exact', bootId: null, text: stamp.text };
    },
  };
  return time;
}

function kill(offsetSeconds: number): { time: EventTime; victim: OomVictim; file: string } {
  const utcMs = BASE_MS + offsetSeconds * 1000;
  return {
    time: { utc: new Date(utcMs).toISOString(), utcMs, quality: 'exact', bootId: null, text: '' },
    victim: { stamp: { text: '', monotonic: null, utcMs, local: null, bootId: null } } as OomVictim,
    file: 'kernel/dmesg.txt',
  };
}

describe('LostLinesMarkers', () => {
  it('resolves each marker once, for any number of kills', () => {
    const time = countingTime();
    const markers = new LostLinesMarkers(
      Array.from({ length: 300 }, (_, index) => marker(index * 10, index + 1)),
      time,
    );
    for (let index = 0; index < 2000; index += 1) markers.near(kill(index));
    expect(time.calls).toBe(300);
  });

  it('gives a kill the markers from 5 s before it to 120 s after it, at most 5, in their order', () => {
    const markers = new LostLinesMarkers([marker(-6, 1), marker(-5, 2), marker(0, 3), marker(120, 4), marker(121, 5)], countingTime());
    expect(markers.near(kill(0)).map((near) => near.line)).toEqual([2, 3, 4]);
    const many = new LostLinesMarkers(
      Array.from({ length: 8 }, (_, index) => marker(index, index + 1)),
      countingTime(),
    );
    expect(many.near(kill(0)).map((near) => near.line)).toEqual([1, 2, 3, 4, 5]);
    expect(markers.near(kill(1000))).toEqual([]);
  });
});
