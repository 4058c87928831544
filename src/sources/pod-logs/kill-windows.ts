/**
 * The kill windows of every pod log file read, and the files the model found it needs read
 * again. The model asks `cut(files, killMs)` for a kill; when the first pass did not keep that
 * part of a file (its kill time was not known yet, or the kill sits further from the threshold
 * than a segment reaches), it gets null, and lists the attempt's files for the second pass
 * (`request`) if the kill is one that shows its lines. The second pass reads just those files
 * with the kill times as thresholds (`readAgain`). The answer is the same from either pass
 * (kill-window.ts).
 *
 *   cut(['pods/…/app/0.log'], 1795774502000) → { before: [20 lines], after: [10 lines] }
 */
import { readLines } from '../lines.js';
import { cutFile, SECOND_PASS, WINDOW_AFTER, WINDOW_BEFORE, WindowRecorder, type FileWindows, type WindowLine } from './kill-window.js';
import { LogFileParser } from './log-file-parser.js';

export interface KillWindow {
  before: WindowLine[];
  after: WindowLine[];
}

/** Characters of window text the first pass may keep; past it, files are left to the second pass. */
export const FIRST_PASS_CHARS = 4 * 1024 * 1024;

export class KillWindows {
  private readonly files = new Map<string, FileWindows>();
  private readonly pending = new Map<string, Set<number>>();
  private readonly waiting: (() => void)[] = [];
  private keptChars = 0;

  /** The first pass may still keep windows. */
  get roomLeft(): boolean {
    return this.keptChars < FIRST_PASS_CHARS;
  }

  /** Adds what a reading of `path` kept; a second reading adds its segments to the first's. */
  add(path: string, windows: FileWindows): void {
    // A first-pass file that kept no segment answers no kill: its head alone is not worth keeping
    // (a crash loop's thousands of older attempts).
    if (windows.segments.length === 0) return;
    for (const line of windows.head) this.keptChars += line.text.length;
    for (const segment of windows.segments) for (const line of segment.lines) this.keptChars += line.text.length;
    const known = this.files.get(path);
    if (!known) return void this.files.set(path, windows);
    known.segments.push(...windows.segments);
    if (windows.head.length > known.head.length) known.head = windows.head;
  }

  /**
   * The lines around a kill at `killMs` in an attempt whose files are `paths` (oldest first):
   * the WINDOW_BEFORE lines before the attempt's first line stamped after `killMs`, and the
   * WINDOW_AFTER from it; null (and the files listed for reading again) when not kept.
   */
  cut(paths: readonly string[], killMs: number): KillWindow | null {
    return this.compose(paths, killMs);
  }

  /**
   * Lists an attempt's files for the second pass, to keep the lines around a kill at `killMs`;
   * `settled` is called by `settle`, when they were read.
   */
  request(paths: readonly string[], killMs: number, settled: () => void): void {
    for (const path of paths) this.pending.set(path, (this.pending.get(path) ?? new Set()).add(killMs));
    this.waiting.push(settled);
  }

  /** After the second pass: the kills that waited for it take their lines. */
  settle(): void {
    for (const settled of this.waiting.splice(0)) settled();
    this.pending.clear();
  }

  /** Files to read again, with the kill times to keep windows at; emptied by `readAgain`. */
  pendingReads(): ReadonlyMap<string, ReadonlySet<number>> {
    return this.pending;
  }

  /** The second pass: reads one listed file again, keeping windows at its kill times exactly. */
  async readAgain(path: string, content: AsyncIterable<Buffer>): Promise<void> {
    const times = this.pending.get(path);
    if (!times) return;
    this.pending.delete(path);
    const recorder = new WindowRecorder([...times], SECOND_PASS);
    const parser = new LogFileParser(() => undefined, recorder);
    let broken = true;
    try {
      await readLines(content, parser);
      broken = false;
    } finally {
      parser.finish();
      this.add(path, recorder.finish(broken));
    }
  }

  private compose(paths: readonly string[], killMs: number): KillWindow | null {
    let before: WindowLine[] = [];
    let after: WindowLine[] | null = null;
    for (const path of paths) {
      const file = this.files.get(path);
      if (!file) return null;
      if (after === null) {
        const cut = cutFile(file, killMs);
        if (!cut) return null;
        before = [...before, ...cut.before].slice(-WINDOW_BEFORE);
        after = cut.after;
        if (after && !cut.afterToEnd) break;
      } else {
        // The cut fell near the end of an earlier file: the after lines go on in this one.
        after = [...after, ...file.head.slice(0, WINDOW_AFTER - after.length)];
        if (after.length >= WINDOW_AFTER || file.broken) break;
      }
    }
    return { before, after: after ?? [] };
  }
}
