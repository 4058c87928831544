/** Lines longer than this are cut (and flagged): a 10 MB line must not become a 10 MB string. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface LineSink {
  /** `lineNo` is 1-based; `cut` is true when the line was longer than the limit and was cut. */
  line(text: string, lineNo: number, cut: boolean): void;
}

/**
 * Splits a byte stream into lines and hands each to the sink, holding at most one line (up to
 * `maxLineBytes`) in memory. `\n` ends a line; a `\r` before it is dropped. Bytes that are not
 * valid UTF-8 become U+FFFD. A last line without `\n` is delivered too.
 */
export async function readLines(chunks: AsyncIterable<Buffer>, sink: LineSink, maxLineBytes = MAX_LINE_BYTES): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let cut = false;
  let lineNo = 0;
  /** A line inside one chunk: decoded straight from the chunk, no intermediate Buffer (the hot path). */
  const emitRange = (chunk: Buffer, start: number, end: number) => {
    if (end - start > maxLineBytes) {
      end = start + maxLineBytes;
      cut = true;
    } else if (end > start && chunk[end - 1] === 0x0d) {
      end -= 1;
    }
    lineNo += 1;
    sink.line(chunk.toString('utf8', start, end), lineNo, cut);
    cut = false;
  };
  /** A line that began in an earlier chunk. */
  const emitPending = (chunk: Buffer, start: number, end: number) => {
    hold(chunk.subarray(start, end));
    const bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    emitRange(bytes, 0, bytes.length);
  };
  const hold = (part: Buffer) => {
    if (pendingBytes >= maxLineBytes) {
      cut = true;
      return;
    }
    const room = maxLineBytes - pendingBytes;
    const kept = part.length > room ? part.subarray(0, room) : part;
    if (kept.length < part.length) cut = true;
    // Copy: the chunk may be reused by the producer after we return.
    pending.push(Buffer.from(kept));
    pendingBytes += kept.length;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) break;
      if (pendingBytes > 0 || cut) emitPending(chunk, start, newline);
      else emitRange(chunk, start, newline);
      start = newline + 1;
    }
    if (start < chunk.length) hold(chunk.subarray(start));
  }
  if (pendingBytes > 0 || cut) emitPending(Buffer.alloc(0), 0, 0);
  return lineNo;
}

/** The same split for text already in memory (tests, small files). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
