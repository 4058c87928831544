/**
 * Tells a journal file's form from its first bytes, never from its name, and hands back a stream
 * that still starts at byte 0:
 *
 *   `__CURSOR=s=33b0…` or any `NAME=` / binary `NAME\n` first line  → export
 *   `{"__CURSOR":…}` on one line → json;  `{` alone → json-pretty;  RS (0x1E) → json-seq
 *   `LPKSHHRH` (systemd's own journal file) → binary-journal, not read
 *   anything else → text (journalctl short forms, or a service's own log file)
 */
import { peekStream } from '../../util/peek-stream.js';
import { isBinaryJournal } from './binary-journal.js';
import type { JournalFormat } from './journal-entry.js';

/** `binary-journal`: systemd's own file format (binary-journal.ts), not read. */
export type SniffedFormat = Extract<JournalFormat, 'export' | 'json' | 'json-seq' | 'json-pretty' | 'empty'> | 'text' | 'binary-journal';

const PEEK_BYTES = 4096;

export async function sniffJournalFormat(content: AsyncIterable<Buffer>): Promise<{ format: SniffedFormat; content: AsyncIterable<Buffer> }> {
  const peeked = await peekStream(content, (bytes, chunk) => bytes >= PEEK_BYTES || (chunk.includes(0x0a) && bytes >= 64));
  return { format: formatOf(peeked.head), content: peeked.content };
}

export function formatOf(head: Buffer): SniffedFormat {
  if (head.length === 0) return 'empty';
  if (isBinaryJournal(head)) return 'binary-journal';
  const first = head[0];
  if (first === 0x1e) return 'json-seq';
  const newline = head.indexOf(0x0a);
  const firstLine = head.toString('latin1', 0, newline === -1 ? Math.min(head.length, 256) : newline).replace(/\r$/, '');
  if (first === 0x7b) return firstLine.trim() === '{' ? 'json-pretty' : 'json';
  if (/^[A-Za-z0-9_]{1,64}=/.test(firstLine) && !/^(time|level)=/.test(firstLine)) return 'export';
  if (/^[A-Z0-9_]{1,64}$/.test(firstLine) && newline !== -1 && head.length >= newline + 9) return 'export';
  return 'text';
}
