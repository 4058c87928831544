/**
 * Reads one container log file line by line and keeps only what the report needs: counts, the
 * first and last timestamps, the first HEAD and last TAIL logical lines. A logical line is what
 * the application wrote: CRI `P` fragments (and docker json-file entries without `\n`) are
 * joined per stream until the full line, stdout and stderr independently. Sample (containerd,
 * a 16 KiB line split in two, with a stdout line in between):
 *
 *   `2024-01-01T12:00:00.1234Z stderr P first 16 KiB of a long line...`
 *   `2024-01-01T12:00:00.1234Z stdout F GET /healthz 200`
 *   `2024-01-01T12:00:00.1235Z stderr F ...rest of the long line`
 *     → logical lines: stdout `GET /healthz 200` (line 2), stderr `first 16 KiB of a long line......rest of the long line` (line 1)
 *
 * Logical lines are listed in the order they were completed; `line` is where they started.
 * Texts are cut at MAX_TEXT_CHARS; a fragment still open at the end of the file is an
 * unterminated line (the container died mid-line, or the file was rotated mid-line).
 */
import type { LineSink } from '../lines.js';
import type { LogRecord, LogStream } from './cri-line.js';
import { scanCriBytes, type CriByteFields } from './cri-line-bytes.js';
import { detectLogFormat, recordParser, type PodLogFormat, type RecordParser } from './log-format.js';
import { LogTail, type TailSlot } from './log-tail.js';
import { cutText, detach } from '../keep-text.js';

export const HEAD_LINES = 20;
export const TAIL_LINES = 50;
export const MAX_TEXT_CHARS = 2048;
/** Lines tried for a structured format before the file is read as plain text. */
const DETECT_LINES = 3;
/** Bad lines reported one by one per file; the rest are counted in one file-level issue. */
const MAX_LINE_ISSUES = 20;

/** A logical line before the assembly step gives it a Stamp and its file. */
export interface LogLineDraft {
  time: string | null;
  stream: LogStream | null;
  text: string;
  line: number;
  cut: boolean;
  unterminated: boolean;
}

export interface LogFileSummary {
  /** null when the file held no line at all. */
  format: PodLogFormat | null;
  physicalLines: number;
  logicalLines: number;
  badLines: number;
  /** Lines longer than the line reader's cap (64 KiB), read cut. */
  cutLines: number;
  firstTime: string | null;
  lastTime: string | null;
  head: LogLineDraft[];
  tail: LogLineDraft[];
  /** The line number of the last logical line (the last in `tail`), kept when the lines are not; null without lines. */
  lastLine: number | null;
  /** Streams whose last line was still partial at the end of the file. */
  unterminated: LogStream[];
}

interface OpenLine {
  time: string | null;
  line: number;
  text: string;
  cut: boolean;
}

type Report = (line: number | null, message: string) => void;

/** What watches every logical line (kill-window.ts's WindowRecorder); see its `wants` for the lines read as bytes. */
export interface LineObserver {
  line(draft: LogLineDraft): void;
  wants(bytes: Buffer, timeStart: number, timeEnd: number): 'ignore' | 'last' | 'line';
  catchUp(last: readonly LogLineDraft[]): void;
}

/** The last lines an observer keeps (kill-window.ts's WINDOW_BEFORE), and more. */
const OBSERVER_LAST_LINES = TAIL_LINES;

function capText(text: string): string {
  return cutText(text, MAX_TEXT_CHARS);
}

export class LogFileParser implements LineSink {
  private format: PodLogFormat | null = null;
  private parse: RecordParser | null = null;
  private readonly undecided: { text: string; lineNo: number; cut: boolean }[] = [];
  private readonly open: Record<LogStream, OpenLine | null> = { stdout: null, stderr: null };
  private readonly head: LogLineDraft[] = [];
  private readonly tail = new LogTail(TAIL_LINES, MAX_TEXT_CHARS);
  /** Where the byte path writes a line's fields: one object for all lines. */
  private readonly fields: CriByteFields = { timeEnd: 0, stream: 'stdout', partial: false, contentStart: 0 };
  /** The tail line whose time is the last time, still as bytes; null when `lastTime` holds it. */
  private lastTimeIn: TailSlot | null = null;
  /** Lines went to the tail as bytes and not to the observer, which only needed them among its last lines. */
  private observerBehind = false;
  private physicalLines = 0;
  private logicalLines = 0;
  private badLines = 0;
  private cutLines = 0;
  private firstTime: string | null = null;
  private lastTime: string | null = null;

  /** `observe` sees every logical line as it is completed (kill-window.ts keeps the lines around kills). */
  constructor(
    private readonly report: Report,
    private readonly observe: LineObserver | null = null,
  ) {}

  line(text: string, lineNo: number, cut: boolean): void {
    this.physicalLines = lineNo;
    if (cut) this.cutLines += 1;
    if (this.parse) return this.take(text, lineNo, cut);
    const format = detectLogFormat(text);
    if (format) {
      for (const held of this.undecided) this.bad(held.lineNo, `not a ${format} log line (the file may begin mid-line)`);
      this.undecided.length = 0;
      this.decide(format);
      return this.take(text, lineNo, cut);
    }
    this.undecided.push({ text, lineNo, cut });
    if (this.undecided.length >= DETECT_LINES) this.decidePlain();
  }

  /**
   * The byte path: once a file is known to be CRI and its head is full, a full line that no
   * observer watches is only counted and kept in the tail as bytes (log-tail.ts). Any other line
   * is decoded and read as a string, as `line` would.
   */
  lineBytes(bytes: Buffer, start: number, end: number, lineNo: number, cut: boolean): void {
    if (this.format !== 'cri' || this.head.length < HEAD_LINES) return this.line(bytes.toString('utf8', start, end), lineNo, cut);
    this.physicalLines = lineNo;
    if (cut) this.cutLines += 1;
    const fields = this.fields;
    if (!scanCriBytes(bytes, start, end, fields) || fields.partial || this.open[fields.stream]) return this.take(bytes.toString('utf8', start, end), lineNo, cut);
    if (this.observe) {
      const wants = this.observe.wants(bytes, start, fields.timeEnd);
      if (wants === 'line') return this.take(bytes.toString('utf8', start, end), lineNo, cut);
      if (wants === 'last') this.observerBehind = true;
    }
    if (this.firstTime === null) this.firstTime = bytes.toString('latin1', start, fields.timeEnd);
    this.logicalLines += 1;
    this.lastTimeIn = this.tail.claimBytes(bytes, start, end, fields, lineNo, cut);
  }

  release(): void {
    this.tail.release();
  }

  finish(): LogFileSummary {
    if (!this.parse && this.undecided.length > 0) this.decidePlain();
    if (this.lastTimeIn) this.lastTime = this.tail.timeOf(this.lastTimeIn);
    this.catchUpObserver();
    const open = (['stdout', 'stderr'] as const).flatMap((stream) => {
      const line = this.open[stream];
      return line ? [{ stream, line }] : [];
    });
    open.sort((a, b) => a.line.line - b.line.line);
    for (const { stream, line } of open) this.emit(stream, line.time, line.text, line.line, line.cut, true);
    if (this.badLines > MAX_LINE_ISSUES) this.report(null, `${this.badLines - MAX_LINE_ISSUES} more lines could not be read`);
    // Not detached yet: the budget decides what is kept, and detaches just that (kept-lines-budget.ts).
    const tail = this.tail.toArray();
    // A short file's head lines are also in its tail: share them rather than copy them twice.
    const inTail = new Map(tail.map((line) => [line.line, line]));
    return {
      format: this.format,
      physicalLines: this.physicalLines,
      logicalLines: this.logicalLines,
      badLines: this.badLines,
      cutLines: this.cutLines,
      // kept for the whole analysis: detached from the (up to 64 KiB) lines they were cut from
      firstTime: this.firstTime === null ? null : detach(this.firstTime),
      lastTime: this.lastTime === null ? null : detach(this.lastTime),
      head: this.head.map((line) => inTail.get(line.line) ?? line),
      tail,
      lastLine: tail.at(-1)?.line ?? null,
      unterminated: open.map(({ stream }) => stream),
    };
  }

  private decide(format: PodLogFormat): void {
    this.format = format;
    this.parse = recordParser(format);
  }

  private decidePlain(): void {
    this.decide('plain');
    const held = this.undecided.splice(0);
    for (const { text, lineNo, cut } of held) this.take(text, lineNo, cut);
  }

  private take(text: string, lineNo: number, cut: boolean): void {
    const record = (this.parse as RecordParser)(text);
    if (!record) {
      this.bad(lineNo, cut ? `not a ${this.format} log line (cut at 64 KiB)` : `not a ${this.format} log line`);
      return;
    }
    if (record.time !== null) {
      if (this.firstTime === null) this.firstTime = record.time;
      this.lastTime = record.time;
      this.lastTimeIn = null;
    }
    if (record.stream === null) return this.emit(null, null, record.content, lineNo, cut, false);
    this.join(record, record.stream, lineNo, cut);
  }

  private join(record: LogRecord, stream: LogStream, lineNo: number, cut: boolean): void {
    const open = this.open[stream];
    if (!open && !record.partial) return this.emit(stream, record.time, record.content, lineNo, cut, false);
    if (!open) {
      this.open[stream] = { time: record.time, line: lineNo, text: capText(record.content), cut: cut || record.content.length > MAX_TEXT_CHARS };
    } else if (open.text.length < MAX_TEXT_CHARS) {
      const joined = open.text + record.content;
      open.text = capText(joined);
      open.cut ||= cut || joined.length > MAX_TEXT_CHARS;
    } else if (record.content.length > 0) {
      open.cut = true;
    }
    if (record.partial) return;
    const done = this.open[stream] as OpenLine;
    this.open[stream] = null;
    this.emit(stream, done.time, done.text, done.line, done.cut, false);
  }

  /** Gives the observer its last lines when some went only to the tail (before the newest is claimed). */
  private catchUpObserver(): void {
    if (!this.observerBehind) return;
    this.observerBehind = false;
    this.observe?.catchUp(this.tail.newest(OBSERVER_LAST_LINES));
  }

  private emit(stream: LogStream | null, time: string | null, text: string, line: number, cut: boolean, unterminated: boolean): void {
    this.catchUpObserver();
    this.logicalLines += 1;
    const kept = capText(text);
    const wasCut = cut || kept.length < text.length;
    if (this.head.length < HEAD_LINES) this.head.push({ time, stream, text: kept, line, cut: wasCut, unterminated });
    const slot = this.tail.claim();
    slot.time = time;
    slot.stream = stream;
    slot.text = kept;
    slot.line = line;
    slot.cut = wasCut;
    slot.unterminated = unterminated;
    this.observe?.line({ time, stream, text: kept, line, cut: wasCut, unterminated });
  }

  private bad(lineNo: number, message: string): void {
    this.badLines += 1;
    if (this.badLines <= MAX_LINE_ISSUES) this.report(lineNo, message);
  }
}
