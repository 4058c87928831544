/**
 * The lines of a container log around a kill, wherever they sit in the file, in bounded memory.
 * The tail (last TAIL_LINES) misses them when the container kept running after the kill (a child
 * process was killed) and the log went on for thousands of lines.
 *
 * A kill at time K cuts a file at its first logical line stamped after `K` (the cut): the lines
 * "before" are the WINDOW_BEFORE lines in front of the cut, the lines "after" the WINDOW_AFTER
 * from it. That is a function of the file and K only, so it does not matter when or how the
 * lines were kept. A file reader keeps, per threshold `lo`, one segment: the lines from
 * WINDOW_BEFORE before the first line stamped after `lo` on (a ring of the last lines gives
 * them), up to SEGMENT_AFTER_LINES later lines, or its last lines when no line passes `lo`.
 * Such a segment answers every K ≥ lo whose cut it contains: no line in front of it is stamped
 * after `lo`, so none after K. A reader that knew the kill times beforehand keeps segments a
 * little before each (the first pass); one that did not reads the file again with K itself as
 * the threshold (the second pass). Both give the same lines.
 *
 *   threshold lo = 12:00:00, kill K = 12:00:03, file 10,000 lines, first line after lo is 5,000
 *     → segment = lines 4,980 … 5,200; cut = first line after 12:00:03 (say 5,040)
 *     → before = 5,020 … 5,039, after = 5,040 … 5,049
 */
import { detach } from '../keep-text.js';
import { rfc3339Stamp } from '../time-text.js';
import type { LogLineDraft } from './log-file-parser.js';

/** Lines kept in front of the cut and from it: what the report shows (oom-logs.ts). */
export const WINDOW_BEFORE = 20;
export const WINDOW_AFTER = 10;
/** A first-pass segment follows its threshold this many lines; a kill further on is read again. */
export const SEGMENT_AFTER_LINES = 200;
/** Segments one file keeps in the first pass; a file with more kills in it is read again. */
export const MAX_SEGMENTS_PER_FILE = 16;
/**
 * In the first pass, a threshold passed this far from the line that passes it is another
 * attempt's kill: a crash loop's file passes the thresholds of all earlier kills at its first
 * line. No segment is kept for it (a kill it was for is read again). The thresholds no line
 * passes share one segment, the file's last lines, near or not: it is small, and it answers
 * "no line after the kill here" for a rotated file that ended long before the kill.
 */
export const FIRST_PASS_GAP_MS = 30_000;

export interface RecorderOptions {
  /** How far each segment follows its threshold. */
  afterLines: number;
  maxSegments: number;
  /** Keep no segment for a threshold further than this from the line that passes it. */
  maxGapMs: number;
}

/** The first pass: kill times are hints, segments reach well past them. */
export const FIRST_PASS: RecorderOptions = { afterLines: SEGMENT_AFTER_LINES, maxSegments: MAX_SEGMENTS_PER_FILE, maxGapMs: FIRST_PASS_GAP_MS };
/** The second pass: kill times are exact, a segment holds just the lines a kill shows. */
export const SECOND_PASS: RecorderOptions = { afterLines: WINDOW_AFTER, maxSegments: Infinity, maxGapMs: Infinity };

export interface WindowLine extends LogLineDraft {
  /** The line's stamp in ms since the epoch; null when it has none (never after a kill). */
  ms: number | null;
}

export interface Segment {
  /** The threshold: no line of the file in front of `lines` is stamped after it. */
  lo: number;
  lines: WindowLine[];
  /** `lines` run to the file's end. */
  toEnd: boolean;
}

/** What one file keeps for kills: its first lines (a cut in an earlier file continues here) and segments. */
export interface FileWindows {
  head: WindowLine[];
  segments: Segment[];
  /** The file could not be read to its end: its segments answer only what they contain. */
  broken: boolean;
}

/** One file's part of a kill's lines: the lines before, and where the cut fell. */
export interface FileCut {
  before: WindowLine[];
  /** null when no line of the file is stamped after the kill. */
  after: WindowLine[] | null;
  /** `after` reaches the end of the file: the next file may add to it. */
  afterToEnd: boolean;
}

export function lineMs(time: string | null): number | null {
  return time === null ? null : (rfc3339Stamp(time)?.utcMs ?? null);
}

interface OpenSegment {
  lo: number;
  /** The parser's lines, copied when the file is done. */
  lines: LogLineDraft[];
  /** Lines still to keep after the threshold was passed. */
  left: number;
}

/**
 * Keeps, while one file is read, the file's first lines and a segment per threshold. Thresholds
 * first passed by the same line would keep the same lines: they share one segment, under the
 * lowest of them, which answers for all. So do those never passed (the file's last lines). A
 * crash loop with thousands of kills of one pod thus opens a segment or two per file, not one per
 * kill; past `maxSegments`, a file opens no more (its later kills are read again).
 *
 * While the file is read it holds the parser's line objects; what is kept is copied in `finish`,
 * and only when the file kept a segment. Keeping the parser's objects for some files and not for
 * others would make V8 allocate them all in the old generation (kept-lines-budget.ts says why).
 */
export class WindowRecorder {
  private readonly head: LogLineDraft[] = [];
  /** The last WINDOW_BEFORE lines: a stamp is read only for the lines kept. */
  private readonly last: LogLineDraft[] = [];
  private readonly thresholds: number[];
  /** The next threshold's second as UTC `YYYY-MM-DDTHH:MM:SS`, to compare most stamps without reading them. */
  private nextSecond: string | null = null;
  /** The next threshold not yet passed. */
  private next = 0;
  private readonly segments: OpenSegment[] = [];
  /** Segments still taking lines. */
  private filling = 0;

  /** `thresholds` in ms. */
  constructor(
    thresholds: readonly number[],
    private readonly options: RecorderOptions = FIRST_PASS,
  ) {
    this.thresholds = [...new Set(thresholds)].sort((a, b) => a - b);
  }

  line(draft: LogLineDraft): void {
    // Every threshold passed, every segment full, the head kept: nothing more to keep.
    if (this.next >= this.thresholds.length && this.filling === 0 && this.head.length >= WINDOW_AFTER) return;
    if (this.head.length < WINDOW_AFTER) this.head.push(draft);
    if (this.filling > 0) {
      for (const open of this.segments) {
        if (open.left < 0) continue;
        open.lines.push(draft);
        open.left -= 1;
        if (open.left < 0) this.filling -= 1;
      }
    }
    if (draft.time !== null && this.next < this.thresholds.length) {
      const ms = this.passing(draft.time);
      if (ms !== null) this.pass(draft, ms);
    }
    this.last.push(draft);
    if (this.last.length > WINDOW_BEFORE) this.last.shift();
  }

  /**
   * Whether a line the parser read as bytes (log-file-parser.ts) must be given to `line`:
   * 'ignore' when `line` would change nothing, 'last' when it would only add the line to the last
   * lines (it is stamped in a UTC second before the next threshold's: `passing` is null), which
   * `catchUp` then restores from the parser's own last lines before the next `line`.
   */
  wants(bytes: Buffer, timeStart: number, timeEnd: number): 'ignore' | 'last' | 'line' {
    if (this.head.length < WINDOW_AFTER || this.filling > 0) return 'line';
    if (this.next >= this.thresholds.length) return 'ignore';
    return utcSecondBefore(bytes, timeStart, timeEnd, this.thresholdSecond()) ? 'last' : 'line';
  }

  /** The last lines the file gave, oldest first, when some were not given to `line` (see `wants`). */
  catchUp(last: readonly LogLineDraft[]): void {
    this.last.length = 0;
    this.last.push(...last.slice(-WINDOW_BEFORE));
  }

  finish(broken: boolean): FileWindows {
    const segments = this.segments.map(({ lo, lines, left }) => ({ lo, lines, toEnd: left >= 0 }));
    // Thresholds no line passed: the file's last lines answer them, near or not (a file that ends
    // long before a kill answers "nothing after it here" for the files of its attempt after it).
    const lo = this.thresholds[this.next];
    if (lo !== undefined && segments.length < this.options.maxSegments) segments.push({ lo, lines: this.last, toEnd: true });
    // A file that kept no segment answers no kill (KillWindows drops it): nothing to copy.
    if (segments.length === 0) return { head: [], segments: [], broken };
    const copies = new Map<LogLineDraft, WindowLine>();
    const copy = (draft: LogLineDraft) => {
      let kept = copies.get(draft);
      if (!kept) copies.set(draft, (kept = windowLine(draft)));
      return kept;
    };
    return { head: this.head.map(copy), segments: segments.map((segment) => ({ ...segment, lines: segment.lines.map(copy) })), broken };
  }

  /**
   * The stamp of a line stamped `time` in ms when it is after the next threshold, else null. A
   * UTC stamp whose second differs from the threshold's is decided by comparing the text (RFC 3339
   * sorts as text within one zone); only the threshold's own second, and other zones, are read as times.
   */
  private passing(time: string): number | null {
    const lo = this.thresholds[this.next] as number;
    const order = utcSecondOrder(time, this.thresholdSecond());
    if (order < 0) return null;
    const ms = lineMs(time);
    return ms !== null && ms > lo ? ms : null;
  }

  /** The next threshold's second as UTC `YYYY-MM-DDTHH:MM:SS`, or '' when it has none. */
  private thresholdSecond(): string {
    const lo = this.thresholds[this.next] as number;
    this.nextSecond ??= Number.isFinite(lo) && Math.abs(lo) < 8.64e15 ? new Date(lo).toISOString().slice(0, 19) : '';
    return this.nextSecond;
  }

  /** `line`, stamped `ms`, passes one or more thresholds: one segment under the lowest, from the lines before it. */
  private pass(line: LogLineDraft, ms: number): void {
    const lo = this.thresholds[this.next] as number;
    while (this.next < this.thresholds.length && ms > (this.thresholds[this.next] as number)) this.next += 1;
    this.nextSecond = null;
    if (this.segments.length >= this.options.maxSegments) return;
    const near = this.near(lo, ms);
    // Passed far off at the first line: the file starts after that kill (it may be the attempt
    // after the restart), so its first lines are the lines after the kill. Keep just those.
    if (!near && this.last.length > 0) return;
    const after = near ? this.options.afterLines : WINDOW_AFTER;
    this.segments.push({ lo, lines: [...this.last, line], left: after - 1 });
    if (after - 1 >= 0) this.filling += 1;
  }

  private near(lo: number, ms: number): boolean {
    return this.options.maxGapMs === Infinity || Math.abs(ms - lo) <= this.options.maxGapMs;
  }
}

/** A line as kept for the whole analysis: a new object, detached from the (up to 64 KiB) line it was cut from. */
function windowLine({ time, stream, text, line, cut, unterminated }: LogLineDraft): WindowLine {
  return { time: time === null ? null : detach(time), stream, text: detach(text), line, cut, unterminated, ms: lineMs(time) };
}

/**
 * -1 when `time` is a UTC RFC 3339 stamp (`…Z`, `…+00:00`) of a second before `second`
 * (`YYYY-MM-DDTHH:MM:SS`), else 0: such a line is not after any moment of that second.
 */
function utcSecondOrder(time: string, second: string): number {
  if (second.length !== 19 || time.length < 20) return 0;
  const end = time.charCodeAt(time.length - 1);
  if (!(end === 90 /* Z */ || time.endsWith('+00:00'))) return 0;
  const next = time.charCodeAt(19);
  if (next !== 46 /* . */ && next !== 90 && next !== 43 /* + */) return 0;
  for (let i = 0; i < 19; i += 1) {
    const a = time.charCodeAt(i);
    const b = second.charCodeAt(i);
    if (a !== b) return a < b ? -1 : 0;
  }
  return 0;
}

/** `utcSecondOrder(time, second) < 0` for a stamp held as ASCII bytes `start`…`end`. */
function utcSecondBefore(bytes: Buffer, start: number, end: number, second: string): boolean {
  if (second.length !== 19 || end - start < 20) return false;
  const last = bytes[end - 1];
  if (!(last === 90 || bytes.toString('latin1', end - 6, end) === '+00:00')) return false;
  const next = bytes[start + 19];
  if (next !== 46 && next !== 90 && next !== 43) return false;
  for (let i = 0; i < 19; i += 1) {
    const a = bytes[start + i] as number;
    const b = second.charCodeAt(i);
    if (a !== b) return a < b;
  }
  return false;
}

/**
 * Where a kill at `killMs` cuts the file, from one of its segments; null when none holds the cut
 * (the file must be read again with the kill as threshold).
 */
export function cutFile(file: FileWindows, killMs: number): FileCut | null {
  const usable = file.segments.filter((segment) => segment.lo <= killMs).sort((a, b) => b.lo - a.lo);
  for (const segment of usable) {
    const toEnd = segment.toEnd && !file.broken;
    const index = segment.lines.findIndex((line) => line.ms !== null && line.ms > killMs);
    if (index < 0) {
      if (toEnd) return { before: segment.lines.slice(-WINDOW_BEFORE), after: null, afterToEnd: true };
      continue;
    }
    const after = segment.lines.slice(index, index + WINDOW_AFTER);
    if (after.length < WINDOW_AFTER && !toEnd) continue;
    return { before: segment.lines.slice(Math.max(0, index - WINDOW_BEFORE), index), after, afterToEnd: after.length < WINDOW_AFTER };
  }
  return null;
}
