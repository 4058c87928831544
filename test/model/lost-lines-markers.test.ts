/**
 * Each lost-lines marker's time is resolved once, however many kills are checked against it (a
 * crash loop of thousands of kills against up to 1,000 markers made millions of resolutions), and
 * a kill gets the markers from 5 s before it to 120 s after it, at most 5, in their order: the
 * same as checking every marker, which the last test does for random markers and kills (the
 * window's edges, markers and kills without a wall time, markers of other files included).
 */
import { describe, expect, it } from 'vitest';
import { LostLinesMarkers } from '../../src/model/oom-kill-caveats.js';
import type { EventTime, TimeModel } from '../../src/model/time-model.js';
import type { LostLinesMarker, OomVictim } from '../../src/sources/index.js';

const BASE_MS = Date.UTC(2026, 10, 27, 10, 0, 0);

function marker(offsetSeconds: number, line: number, wall = true, file = 'kernel/dmesg.txt'): LostLinesMarker {
  const stamp = { text: `+${offsetSeconds}`, monotonic: 1000 + offsetSeconds, utcMs: wall ? BASE_MS + offsetSeconds * 1000 : null, local: null, bootId: null };
  return { kind: 'callbacks-suppressed', count: 3, name: 'oom_kill_process', stamp, file, line };
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

function kill(offsetSeconds: number, wall = true): { time: EventTime; victim: OomVictim; file: string } {
  const utcMs = wall ? BASE_MS + offsetSeconds * 1000 : null;
  return {
    time: { utc: utcMs === null ? null : new Date(utcMs).toISOString(), utcMs, quality: wall ? 'exact' : 'unknown', bootId: null, text: '' },
    victim: { stamp: { text: '', monotonic: 1000 + offsetSeconds, utcMs, local: null, bootId: null } } as OomVictim,
    file: 'kernel/dmesg.txt',
  };
}

/** What a kill is given when every marker is checked: the rule written out once more, plainly. */
function reference(markers: readonly LostLinesMarker[], victim: ReturnType<typeof kill>): number[] {
  const afterMs = (candidate: LostLinesMarker): number | null => {
    if (victim.time.utcMs !== null && candidate.stamp.utcMs !== null) return candidate.stamp.utcMs - victim.time.utcMs;
    if (candidate.file !== victim.file) return null;
    return (candidate.stamp.monotonic! - victim.victim.stamp.monotonic!) * 1000;
  };
  return markers
    .filter((candidate) => {
      const after = afterMs(candidate);
      return after !== null && after >= -5000 && after <= 120_000;
    })
    .slice(0, 5)
    .map((candidate) => candidate.line);
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
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

  it('gives what checking every marker gives, for random markers and kills', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const next = random(seed);
      // Offsets in whole and half seconds, so kills land exactly on the window's edges too.
      const offset = () => Math.round(next() * 1200) / 2;
      const list = Array.from({ length: 60 }, (_, index) => marker(offset(), index + 1, next() > 0.2, next() > 0.8 ? 'var/log/kern.log' : 'kernel/dmesg.txt'));
      const markers = new LostLinesMarkers(list, countingTime());
      for (let index = 0; index < 200; index += 1) {
        const victim = kill(offset() + (index % 3 === 0 ? 5 : 0), next() > 0.1);
        expect(
          markers.near(victim).map((near) => near.line),
          `seed ${seed}, kill ${index}`,
        ).toEqual(reference(list, victim));
      }
    }
  });
});
