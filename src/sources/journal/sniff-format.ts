/**
 * Tells a journal file's form from its first bytes, never from its name, and hands back a stream
 * that still starts at byte 0:
 *
 *   `__CURSOR=s=33b0…` or any `NAME=` / binary `NAME\n` first line  → export
 *   `{"__CURSOR":…}` on one line → json;  `{` alone → json-pretty;  RS (0x1E) → json-seq
 *   anything else → text (journalctl short forms, or a service's own log file)
 */
import type { JournalFormat } from './journal-entry.js';

export type SniffedFormat = Extract<JournalFormat, 'export' | 'json' | 'json-seq' | 'json-pretty' | 'empty'> | 'text';

const PEEK_BYTES = 4096;

export async function sniffJournalFormat(content: AsyncIterable<Buffer>): Promise<{ format: SniffedFormat; content: AsyncIterable<Buffer> }> {
  const iterator = content[Symbol.asyncIterator]();
  const peeked: Buffer[] = [];
  let bytes = 0;
  let done = false;
  while (bytes < PEEK_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    if (next.value.length === 0) continue;
    peeked.push(next.value);
    bytes += next.value.length;
    if (next.value.includes(0x0a) && bytes >= 64) break;
  }
  const head = Buffer.concat(peeked, bytes);
  return { format: formatOf(head), content: replay(peeked, iterator, done) };
}

export function formatOf(head: Buffer): SniffedFormat {
  if (head.length === 0) return 'empty';
  const first = head[0];
  if (first === 0x1e) return 'json-seq';
  const newline = head.indexOf(0x0a);
  const firstLine = head.toString('latin1', 0, newline === -1 ? Math.min(head.length, 256) : newline).replace(/\r$/, '');
  if (first === 0x7b) return firstLine.trim() === '{' ? 'json-pretty' : 'json';
  if (/^[A-Za-z0-9_]{1,64}=/.test(firstLine) && !/^(time|level)=/.test(firstLine)) return 'export';
  if (/^[A-Z0-9_]{1,64}$/.test(firstLine) && newline !== -1 && head.length >= newline + 9) return 'export';
  return 'text';
}

async function* replay(peeked: Buffer[], iterator: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  yield* peeked;
  if (done) return;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
