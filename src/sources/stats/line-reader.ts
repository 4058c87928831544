/**
 * The plumbing every stat and system parser shares: a file is streamed through `readLines` into a
 * per-file `LineParser`, cut lines are reported once, and the parser's `finish()` is the file's
 * result. Parsers only see `(text, lineNo)` and a `report` bound to the file, so they stay pure
 * and are tested with plain strings.
 */
import { readLines } from '../lines.js';
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';

/** Records a parse issue against the file being read; `line` is 1-based, null for the whole file. */
export type ReportIssue = (line: number | null, message: string) => void;

/** Parses one file, line by line, keeping bounded state. */
export interface LineParser<T> {
  line(text: string, lineNo: number): void;
  finish(): T;
}

export type StartParser<T> = (file: SourceFile, report: ReportIssue) => LineParser<T>;

/** Streams one file through a fresh parser and returns what it made of it. */
export async function parseFileLines<T>(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog, start: StartParser<T>): Promise<T> {
  const report = issues.forFile(file);
  const parser = start(file, report);
  await readLines(content, {
    line(text, lineNo, cut) {
      if (cut) report(lineNo, 'line longer than 64 KiB: cut');
      parser.line(text, lineNo);
    },
  });
  return parser.finish();
}

/**
 * A reader for a source made of one file (`many: false` in the layout): the result is the parse
 * of the preferred file, or null when the bundle has none. The collector may write several views
 * of one source (`stats/ss.txt` and `stats/netstat-tulpn.txt`), and a tar gives them in any order:
 * every file is parsed (they are small) and the one of the lowest candidate number that holds data
 * is kept, so an empty `ip route` output gives way to `/proc/net/route`.
 */
export function createLineReader<T>(start: StartParser<T>, isEmpty: (result: T) => boolean): SourceReader<T | null> {
  let kept: { result: T; candidate: number; path: string; empty: boolean } | null = null;
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const result = await parseFileLines(file, content, issues, start);
      const empty = isEmpty(result);
      // Ties (two files of one candidate pattern, `ps_*`) go to the first path by name, never to archive order.
      const earlier = kept !== null && (file.candidate < kept.candidate || (file.candidate === kept.candidate && file.path < kept.path));
      const better = kept === null || (kept.empty && !empty) || (kept.empty === empty && earlier);
      if (better) kept = { result, candidate: file.candidate, path: file.path, empty };
    },
    result: () => kept?.result ?? null,
  };
}
