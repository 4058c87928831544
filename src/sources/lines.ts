/** Lines longer than this are cut (and flagged): a 10 MB line must not become a 10 MB string. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface LineSink {
  /** `lineNo` is 1-based; `cut` is true when the line was longer than the limit and was cut. */
  line(text: string, lineNo: number, cut: boolean): void;
  /**
   * When present, called instead of `line` with the line's bytes (`start` to `end` in `bytes`, no
   * newline), for a sink that reads most lines without making a string of them. `bytes` stays
   * as it is until the next `release`, no longer: what is kept past it must be copied.
   */
  lineBytes?(bytes: Buffer, start: number, end: number, lineNo: number, cut: boolean): void;
  /** The reader is done with the bytes of the lines given so far (called before each next chunk is read). */
  release?(): void;
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
    if (sink.lineBytes) sink.lineBytes(chunk, start, end, lineNo, cut);
    else sink.line(chunk.toString('utf8', start, end), lineNo, cut);
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
    sink.release?.();
  }
  if (pendingBytes > 0 || cut) emitPending(Buffer.alloc(0), 0, 0);
  sink.release?.();
  return lineNo;
}

/** The same split for text already in memory (tests, small files). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
