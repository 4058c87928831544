import { ExportParser } from './export-parser.js';
import { JournalFieldSet } from './journal-fields.js';
import type { EntrySink } from './entry-sink.js';

/** Streams an export file through the byte-level parser, one entry at a time. */
export async function readExportEntries(content: AsyncIterable<Buffer>, file: string, sink: EntrySink): Promise<void> {
  const fields = new JournalFieldSet();
  const parser = new ExportParser(fields, {
    entry: (line) =>
      sink.entry(
        fields.take(file, line, (message) => sink.issue(line, message)),
        'export',
      ),
    issue: (line, message) => sink.issue(line, message),
  });
  for await (const chunk of content) parser.push(chunk);
  parser.end();
}
