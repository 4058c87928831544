/**
 * The lines around a kill are a function of the files and the kill time only: whatever
 * thresholds the first pass kept segments at, an answer it gives is the one a plain read of the
 * whole attempt gives, and the second pass (the kill time as threshold) always answers. Random
 * attempts of 1–3 files, stamps that mostly rise but jitter back and are sometimes missing.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../helpers/seeded-random.js';
import { SECOND_PASS, WINDOW_AFTER, WINDOW_BEFORE, WindowRecorder, type RecorderOptions, type WindowLine } from '../../../src/sources/pod-logs/kill-window.js';
import { KillWindows } from '../../../src/sources/pod-logs/kill-windows.js';
import type { LogLineDraft } from '../../../src/sources/pod-logs/log-file-parser.js';

const T0 = Date.parse('2026-11-27T09:00:00Z');

function draft(ms: number | null, n: number): LogLineDraft {
  return { time: ms === null ? null : new Date(ms).toISOString(), stream: 'stdout', text: `line ${n}`, line: n + 1, cut: false, unterminated: false };
}

/** An attempt: 1–3 files of 0–400 lines, one every 0–2 s, a few stamped back in time or not at all. */
function attempt(random: SeededRandom): LogLineDraft[][] {
  let ms = T0;
  let n = 0;
  return Array.from({ length: random.between(1, 3) }, () =>
    Array.from({ length: random.between(0, 400) }, () => {
      ms += random.between(0, 2000);
      const stamp = random.chance(0.05) ? null : random.chance(0.05) ? ms - random.between(0, 10_000) : ms;
      return draft(stamp, n++);
    }),
  );
}

/** What a plain read of the whole attempt gives: the lines before its first line stamped after `killMs`, and from it. */
function expected(files: LogLineDraft[][], killMs: number): { before: string[]; after: string[] } {
  const lines = files.flat();
  let cut = lines.findIndex((line) => line.time !== null && Date.parse(line.time) > killMs);
  if (cut < 0) cut = lines.length;
  return { before: lines.slice(Math.max(0, cut - WINDOW_BEFORE), cut).map((line) => line.text), after: lines.slice(cut, cut + WINDOW_AFTER).map((line) => line.text) };
}

function record(windows: KillWindows, files: LogLineDraft[][], thresholds: number[], options?: RecorderOptions): string[] {
  return files.map((lines, i) => {
    const recorder = new WindowRecorder(thresholds, options);
    for (const line of lines) recorder.line(line);
    windows.add(`f${i}`, recorder.finish(false));
    return `f${i}`;
  });
}

const texts = (lines: WindowLine[]) => lines.map((line) => line.text);

describe('kill windows', () => {
  it('answer from the first pass only what a whole read gives, and always from the second', () => {
    let answeredFirst = 0;
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = new SeededRandom(seed);
      const files = attempt(random);
      const span = files.flat().length * 1000 + 20_000;
      const killMs = T0 - 10_000 + random.int(span);
      // as the first pass has them: near the kill (a little before it, as the reader sets them) or anywhere
      const hints = Array.from({ length: random.between(0, 4) }, () => (random.chance(0.5) ? killMs - random.int(15_000) : T0 - 10_000 + random.int(span)));
      const want = expected(files, killMs);

      const first = new KillWindows();
      const paths = record(first, files, hints, { afterLines: random.between(0, 60), maxSegments: random.between(1, 3), maxGapMs: random.pick([5_000, 30_000, Infinity]) });
      const answer = first.cut(paths, killMs);
      if (answer) {
        answeredFirst += 1;
        expect({ before: texts(answer.before), after: texts(answer.after) }, `seed ${seed}`).toEqual(want);
      }

      const second = new KillWindows();
      record(second, files, [killMs], SECOND_PASS);
      const exact = second.cut(paths, killMs);
      expect(exact, `seed ${seed}: the second pass answers`).not.toBeNull();
      expect({ before: texts(exact!.before), after: texts(exact!.after) }, `seed ${seed}`).toEqual(want);
    }
    // the first pass must answer often enough for the comparison to mean something
    expect(answeredFirst).toBeGreaterThan(60);
  });

  it('a threshold a little before the kill answers it in one pass, however far into a long file', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => draft(T0 + i * 1000, i));
    const killMs = T0 + 6_000_500;
    const windows = new KillWindows();
    const paths = record(windows, [lines], [killMs - 10_000]);
    const answer = windows.cut(paths, killMs);
    expect(texts(answer!.before)).toEqual(Array.from({ length: 20 }, (_, i) => `line ${5981 + i}`));
    expect(texts(answer!.after)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${6001 + i}`));
  });
});
