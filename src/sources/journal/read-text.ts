/**
 * journalctl's text forms, and a service's own log file (kubelet.log, containerd.log), line by line.
 * An entry is complete when the next entry, separator or the end of the file comes: continuation
 * lines (indented to the message column, or the free lines of a stack trace in a bare log file)
 * belong to the entry before them. `-- Boot <id> --` gives the boot id of the entries that follow.
 */
import { readLines } from '../lines.js';
import type { Stamp } from '../stamp.js';
import type { JournalEntry, JournalFormat } from './journal-entry.js';
import { MAX_MESSAGE_BYTES } from './journal-fields.js';
import { parseTextLine, type TextLine } from './text-line.js';
import type { EntrySink } from './entry-sink.js';

interface Pending {
  entry: JournalEntry;
  format: JournalFormat;
  column: number;
}

export async function readTextEntries(content: AsyncIterable<Buffer>, file: string, sink: EntrySink): Promise<void> {
  let pending: Pending | null = null;
  let bootId: string | null = null;
  let bareFile = false;
  const flush = () => {
    if (pending) sink.entry(pending.entry, pending.format);
    pending = null;
  };
  await readLines(content, {
    line(text, lineNo, cut) {
      const parsed = parseTextLine(text);
      if (parsed.type === 'continuation' || (parsed.type === 'unknown' && bareFile && pending)) {
        if (pending) appendLine(pending, text, cut);
        else sink.issue(lineNo, 'continuation line without an entry before it');
        return;
      }
      flush();
      if (parsed.type === 'boot') bootId = parsed.bootId;
      else if (parsed.type === 'unknown') sink.issue(lineNo, `not a journal line: ${text.slice(0, 80)}`);
      else if (parsed.type !== 'marker') {
        bareFile = parsed.type === 'bare';
        pending = pendingOf(parsed, bootId, file, lineNo, cut);
      }
    },
  });
  flush();
}

function pendingOf(line: Extract<TextLine, { type: 'entry' | 'bare' }>, bootId: string | null, file: string, lineNo: number, cut: boolean): Pending {
  const stamp: Stamp = line.stamp ? { ...line.stamp, bootId } : { text: '', monotonic: null, utcMs: null, local: null, bootId };
  const entry: JournalEntry = {
    stamp,
    sourceMonotonic: null,
    transport: null,
    unit: null,
    identifier: line.type === 'entry' ? line.identifier : null,
    pid: line.type === 'entry' ? line.pid : null,
    priority: null,
    message: line.message,
    messageCut: cut,
    file,
    line: lineNo,
  };
  return { entry, format: line.format, column: line.type === 'entry' ? line.messageColumn : 0 };
}

/** Drops the indentation journalctl added (up to the message column); keeps the message's own. */
function appendLine(pending: Pending, text: string, cut: boolean): void {
  const entry = pending.entry;
  if (entry.message.length >= MAX_MESSAGE_BYTES) {
    entry.messageCut = true;
    return;
  }
  let indent = 0;
  while (indent < pending.column && text.charCodeAt(indent) === 0x20) indent += 1;
  const next = `${entry.message}\n${text.slice(indent)}`;
  entry.message = next.length > MAX_MESSAGE_BYTES ? next.slice(0, MAX_MESSAGE_BYTES) : next;
  entry.messageCut ||= cut || next.length > MAX_MESSAGE_BYTES;
}
