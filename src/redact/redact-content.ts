/**
 * One file's content through the engine, streamed. Its form is told from its first bytes:
 * - a journal export (`__CURSOR=` / `__REALTIME_TIMESTAMP=` first): `NAME=value` lines, and binary
 *   fields as `NAME\n<le64 length><bytes>\n` (systemd's JOURNAL_EXPORT_FORMATS) whose bytes are
 *   redacted and written back with their new length, so the export stays valid;
 * - text (no NUL byte in the first 8 KiB): line by line, any bytes kept (latin1 in, latin1 out);
 * - anything else is binary: not copied (it cannot be checked), and listed in the record.
 */
import { peekStream } from '../util/peek-stream.js';
import { ByteReader } from './byte-reader.js';
import type { LineRedactor } from './redaction-engine.js';
import { ScanPool } from './scan-pool.js';
import { hitLines, TextScan, type ChunkHits, type PreparedChunk } from './text-scan.js';

export type ContentForm = 'text' | 'journal-export' | 'binary';

/** Longest line handled whole; a longer one is redacted in pieces. */
const MAX_LINE = 1024 * 1024;
/** Largest binary journal field rewritten; a larger one makes the file unreadable here. */
const MAX_FIELD = 64 * 1024 * 1024;
const FLUSH_CHARS = 256 * 1024;
const HEAD_BYTES = 8192;

/** A file that cannot be redacted safely: it is left out of the output with this reason. */
export class UnredactableError extends Error {
  override readonly name = 'UnredactableError';
}

export async function contentForm(content: AsyncIterable<Buffer>): Promise<{ form: ContentForm; content: AsyncIterable<Buffer> }> {
  const peeked = await peekStream(content, (bytes) => bytes >= HEAD_BYTES);
  const head = peeked.head.subarray(0, HEAD_BYTES);
  const start = head.toString('latin1', 0, 32);
  if (/^(?:__CURSOR=|__REALTIME_TIMESTAMP=)/.test(start)) return { form: 'journal-export', content: peeked.content };
  return { form: head.includes(0) ? 'binary' : 'text', content: peeked.content };
}

/** Chunks with at least this many bytes of complete lines are scanned on the scan thread, when there is one. */
const REMOTE_SCAN_BYTES = 64 * 1024;

/** The scan thread for the text files of one run (all LineRedactors of an engine have the same triggers). */
export function textScanPool(lines: LineRedactor): ScanPool {
  return new ScanPool({ triggers: lines.triggers().map((trigger) => [trigger.source, trigger.flags]), finder: lines.finder().options, maxLine: MAX_LINE });
}

/**
 * Chunks whose hits may be sought on the scan thread while an earlier one is redacted here. With
 * one, the two threads took turns more than they worked side by side: a chunk that was slow to
 * scan held up the main thread, and one slow to redact left the scan thread idle.
 */
const SCANS_AHEAD = 4;

/**
 * The redacted bytes of a text file, in chunks. With a scan thread, the hit lines of the next
 * chunks and their values are sought there while the oldest chunk is redacted here.
 */
export async function* redactText(content: AsyncIterable<Buffer>, lines: LineRedactor, remote: ScanPool | null = null): AsyncGenerator<Buffer> {
  const scan = new TextScan(lines, MAX_LINE);
  const out = new OutputChunks();
  const ahead: { prepared: PreparedChunk; hits: Promise<ChunkHits> }[] = [];
  const redactOldest = async () => {
    const { prepared, hits } = ahead.shift()!;
    for (const piece of scan.redact(prepared, await hits)) out.addBytes(piece);
  };
  for await (const chunk of content) {
    const prepared = scan.prepare(chunk);
    const hits = remote && prepared.end >= REMOTE_SCAN_BYTES ? remote.hits(prepared) : Promise.resolve(hitLines(prepared.text, prepared.end, scan.triggers, MAX_LINE, scan.finder));
    // Awaited later, in order: no unhandled rejection meanwhile.
    hits.catch(() => undefined);
    ahead.push({ prepared, hits });
    if (ahead.length > SCANS_AHEAD) await redactOldest();
    if (out.full()) yield out.take();
  }
  while (ahead.length > 0) await redactOldest();
  for (const piece of scan.end()) out.addBytes(piece);
  yield out.take();
}

/**
 * The redacted bytes of a journal export, binary fields rewritten with their new length. The
 * text fields at hand are scanned a block at a time (most lines of an export hold nothing to
 * replace and are copied as they are); a binary field, a long line and a line not yet complete
 * are read one by one.
 */
export async function* redactJournalExport(content: AsyncIterable<Buffer>, lines: LineRedactor): AsyncGenerator<Buffer> {
  const reader = new ByteReader(content);
  const scan = new TextScan(lines, MAX_LINE);
  const textLine = (text: string) => journalTextLine(text, lines);
  const out = new OutputChunks();
  for (;;) {
    const fields = textFieldsAtHand(reader);
    if (fields.bytes.length > 0) {
      const { pieces, used } = scan.textLines(fields.text, fields.bytes, textLine);
      reader.skip(used);
      for (const piece of pieces) out.addBytes(piece);
      if (out.full()) yield out.take();
    }
    const piece = reader.lineAtHand(MAX_LINE) ?? (await reader.line(MAX_LINE));
    if (!piece) break;
    const text = piece.bytes.toString('latin1');
    if (piece.newline && FIELD_NAME.test(text)) {
      out.add(`${lines.fieldName(text)}\n`);
      out.addBytes(await binaryField(reader, text, lines));
    } else {
      out.add(journalTextLine(text, lines));
      if (piece.newline) out.add('\n');
    }
    if (out.full()) yield out.take();
  }
  yield out.take();
}

/** A line alone holding only a field name: a binary field's length and bytes follow. */
const FIELD_NAME = /^[A-Za-z0-9_]+$/;
const FIELD_NAME_LINE = /\n[A-Za-z0-9_]+\n/g;

/** `NAME=value` (its value redacted, its name kept a field name), or any other line. */
function journalTextLine(text: string, lines: LineRedactor): string {
  const name = /^[A-Za-z0-9_]+=/.exec(text);
  return name ? lines.field(text, name[0].length - 1) : lines.line(text);
}

/** The complete lines at hand up to the first that names a binary field (which is read apart). */
function textFieldsAtHand(reader: ByteReader): { text: string; bytes: Buffer } {
  const bytes = reader.linesAtHand();
  const text = bytes.toString('latin1');
  if (/^[A-Za-z0-9_]+\n/.test(text)) return { text: '', bytes: bytes.subarray(0, 0) };
  FIELD_NAME_LINE.lastIndex = 0;
  const binary = FIELD_NAME_LINE.exec(text);
  return binary ? { text: text.slice(0, binary.index + 1), bytes: bytes.subarray(0, binary.index + 1) } : { text, bytes };
}

async function binaryField(reader: ByteReader, name: string, lines: LineRedactor): Promise<Buffer> {
  const size = await reader.exact(8);
  if (!size) throw new UnredactableError(`journal export ends inside the binary field ${name}`);
  const length = size.readBigUInt64LE(0);
  if (length > BigInt(MAX_FIELD)) throw new UnredactableError(`binary journal field ${name} of ${length} bytes is over ${MAX_FIELD} bytes`);
  const value = await reader.exact(Number(length) + 1);
  if (!value || value[value.length - 1] !== 0x0a) throw new UnredactableError(`journal export ends inside or malforms the binary field ${name}`);
  lines.reset();
  const redacted = value
    .subarray(0, value.length - 1)
    .toString('latin1')
    .split('\n')
    .map((line, index) => (index === 0 ? lines.binaryValueLine(name, line) : lines.line(line)))
    .join('\n');
  lines.reset();
  const bytes = Buffer.from(redacted, 'latin1');
  const header = Buffer.alloc(8);
  header.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([header, bytes, Buffer.from('\n')]);
}

/** Gathers output text into chunks of about FLUSH_CHARS. */
class OutputChunks {
  private parts: Buffer[] = [];
  private text = '';
  private size = 0;

  add(text: string): void {
    this.text += text;
    this.size += text.length;
  }

  addBytes(bytes: Buffer): void {
    this.flushText();
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  full(): boolean {
    return this.size >= FLUSH_CHARS;
  }

  take(): Buffer {
    this.flushText();
    const chunk = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    return chunk;
  }

  private flushText(): void {
    if (this.text.length > 0) this.parts.push(Buffer.from(this.text, 'latin1'));
    this.text = '';
  }
}
