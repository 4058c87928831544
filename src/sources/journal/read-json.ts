import { readLines } from '../lines.js';
import { JournalFieldSet } from './journal-fields.js';
import { readJsonEntry } from './json-entry.js';
import type { EntrySink } from './entry-sink.js';

/** A JSON line holds MESSAGE (up to 64 KiB, escaped up to 6×) and the other fields. */
const MAX_JSON_LINE = 1024 * 1024;
const MAX_PRETTY_OBJECT = 1024 * 1024;

/** `-o json` and `-o json-seq`: one object per line (after an optional RS byte). */
export async function readJsonEntries(content: AsyncIterable<Buffer>, file: string, format: 'json' | 'json-seq', sink: EntrySink): Promise<void> {
  const fields = new JournalFieldSet();
  await readLines(
    content,
    {
      line(text, lineNo, cut) {
        const body = text.charCodeAt(0) === 0x1e ? text.slice(1) : text;
        if (body.trim() === '') return;
        if (cut) return sink.issue(lineNo, `JSON line longer than ${MAX_JSON_LINE} bytes: skipped`);
        emit(body, lineNo, format, fields, file, sink);
      },
    },
    MAX_JSON_LINE,
  );
}

/** `-o json-pretty`: an object starts with a `{` line and ends with a `}` line. */
export async function readJsonPrettyEntries(content: AsyncIterable<Buffer>, file: string, sink: EntrySink): Promise<void> {
  const fields = new JournalFieldSet();
  let parts: string[] = [];
  let size = 0;
  let start = 0;
  await readLines(content, {
    line(text, lineNo) {
      if (start === 0) {
        if (text.trim() === '') return;
        if (text.trim() !== '{') return sink.issue(lineNo, 'expected `{` to start a json-pretty entry');
        start = lineNo;
      }
      if (size <= MAX_PRETTY_OBJECT) parts.push(text);
      size += text.length + 1;
      if (text !== '}') return;
      if (size > MAX_PRETTY_OBJECT) sink.issue(start, `JSON object larger than ${MAX_PRETTY_OBJECT} bytes: skipped`);
      else emit(parts.join('\n'), start, 'json-pretty', fields, file, sink);
      parts = [];
      size = 0;
      start = 0;
    },
  });
  if (start !== 0) sink.issue(start, 'file ends inside a json-pretty entry');
}

function emit(text: string, lineNo: number, format: 'json' | 'json-seq' | 'json-pretty', fields: JournalFieldSet, file: string, sink: EntrySink): void {
  const problem = readJsonEntry(text, fields);
  if (problem) {
    fields.reset();
    sink.issue(lineNo, problem);
    return;
  }
  sink.entry(
    fields.take(file, lineNo, (message) => sink.issue(lineNo, message)),
    format,
  );
}
