/**
 * How much pod log text the reader keeps in all. Each file keeps its first HEAD_LINES and last
 * TAIL_LINES lines of up to 2 KiB: 140 KiB at most, which is fine for a node's few hundred log
 * files but would grow with the bundle for thousands of them (a bundle may hold 100,000 entries).
 * Once the budget is spent, each further file keeps only its first and last few lines, shortened.
 *
 *   files kept whole until 16 Mi characters; then each keeps 2 + 10 lines of at most 200 characters
 *
 * The lines come from the parser as they were read (views into the text they were cut from); what
 * is kept is copied here, after the decision, so a file shortened to 200 characters a line
 * does not first copy its lines whole.
 *
 * Kept lines are new objects, never the parser's: V8 decides per allocation site whether to
 * allocate in the old generation ("pretenuring"). Were the parser's line objects kept for the
 * files within the budget, their sites would be pretenured, and every later file's lines,
 * dropped a moment after, would be allocated old and keep their (young) texts alive until a full
 * collection: at 4,000 files of 30 long lines, 120 MiB promoted for 30 MiB kept, and the heap
 * grown to match. The parser's objects now always die young.
 */
import { detach, keepText } from '../keep-text.js';
import type { LogFileSummary, LogLineDraft } from './log-file-parser.js';

export const KEPT_CHARS_BUDGET = 16 * 1024 * 1024;
export const SHORT_HEAD_LINES = 2;
export const SHORT_TAIL_LINES = 10;
export const SHORT_TEXT_CHARS = 200;

export class KeptLinesBudget {
  private spent = 0;
  private shortened = 0;

  constructor(private readonly limit = KEPT_CHARS_BUDGET) {}

  /**
   * The summary as kept: whole while the budget lasts, shortened after. `note` says so, once:
   * on the first file that is shortened. A file whose lines are not `wanted` (an older attempt's,
   * pod-logs-reader.ts) keeps none, but counts as if it did: which files are shortened, and the
   * note, stay what they were.
   */
  keep(summary: LogFileSummary, wanted = true): { summary: LogFileSummary; note: string | null } {
    // Head lines that are also in the tail are the same strings: count them once.
    const firstInTail = summary.tail[0]?.line ?? Infinity;
    const size = chars(summary.tail) + chars(summary.head.filter((line) => line.line < firstInTail));
    if (this.spent + size <= this.limit) {
      this.spent += size;
      return { summary: wanted ? keptCopy(summary, summary.head, summary.tail, Infinity) : { ...summary, head: [], tail: [] }, note: null };
    }
    this.shortened += 1;
    const kept = !wanted ? { ...summary, head: [], tail: [] } : keptCopy(summary, summary.head.slice(0, SHORT_HEAD_LINES), summary.tail.slice(-SHORT_TAIL_LINES), SHORT_TEXT_CHARS);
    return { summary: kept, note: this.shortened === 1 ? this.note() : null };
  }

  private note(): string {
    const limit = this.limit % (1024 * 1024) === 0 ? `${this.limit / 1024 / 1024} Mi` : `${this.limit}`;
    return `pod log text budget spent (${limit} characters): this file and the ones read after it keep only their first ${SHORT_HEAD_LINES} and last ${SHORT_TAIL_LINES} lines, cut to ${SHORT_TEXT_CHARS} characters`;
  }
}

/**
 * The summary with `head` and `tail` as kept for the whole analysis: each line a new object, its
 * strings detached from the (up to 64 KiB) lines they were cut from, its text cut to `maxChars`;
 * a head line that is also in the tail stays one object.
 */
function keptCopy(summary: LogFileSummary, head: readonly LogLineDraft[], tail: readonly LogLineDraft[], maxChars: number): LogFileSummary {
  const copies = new Map<LogLineDraft, LogLineDraft>();
  const copy = (line: LogLineDraft) => {
    let kept = copies.get(line);
    if (!kept) copies.set(line, (kept = keptLine(line, maxChars)));
    return kept;
  };
  return { ...summary, head: head.map(copy), tail: tail.map(copy) };
}

function keptLine({ time, stream, text, line, cut, unterminated }: LogLineDraft, maxChars: number): LogLineDraft {
  const long = text.length > maxChars;
  return { time: time === null ? null : detach(time), stream, text: long ? keepText(text, maxChars) : detach(text), line, cut: cut || long, unterminated };
}

function chars(lines: readonly LogLineDraft[]): number {
  let total = 0;
  for (const line of lines) total += line.text.length;
  return total;
}
