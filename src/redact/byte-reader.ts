/**
 * Reads a stream of chunks as lines or as exact byte counts (a journal export mixes both: text
 * fields end at a newline, a binary field's value is as long as its 64-bit length says).
 * Memory stays bounded: a line longer than `maxLine` comes back in pieces, each cut where no
 * value is split if that can be found (a space, comma, semicolon or brace near the end).
 */
export interface LinePiece {
  bytes: Buffer;
  /** Whether a newline ended it (false: a piece of a longer line, or the last line without one). */
  newline: boolean;
}

export class ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private position = 0;
  private ended = false;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(content: AsyncIterable<Buffer>) {
    this.iterator = content[Symbol.asyncIterator]();
  }

  /**
   * The next line when the bytes at hand already hold it (or a piece of maxLine bytes of it);
   * undefined when more must be read first. A journal export has millions of short lines: an
   * await for each, when most are at hand, costs more than the line itself.
   */
  lineAtHand(maxLine: number): LinePiece | undefined {
    const newline = this.pending.indexOf(0x0a, this.position);
    if (newline >= 0 && newline - this.position <= maxLine) {
      const bytes = this.pending.subarray(this.position, newline);
      this.position = newline + 1;
      return { bytes, newline: true };
    }
    if (this.pending.length - this.position > maxLine) return { bytes: this.take(cutPoint(this.pending, this.position, maxLine)), newline: false };
    return undefined;
  }

  /** The complete lines at hand (up to the last newline read), without consuming them; see skip(). */
  linesAtHand(): Buffer {
    return this.pending.subarray(this.position, Math.max(this.position, this.pending.lastIndexOf(0x0a) + 1));
  }

  /** Consumes `count` bytes already at hand (a part of linesAtHand()). */
  skip(count: number): void {
    this.position += count;
  }

  async line(maxLine: number): Promise<LinePiece | null> {
    let searchFrom = this.position;
    for (;;) {
      const newline = this.pending.indexOf(0x0a, searchFrom);
      if (newline >= 0 && newline - this.position <= maxLine) {
        const bytes = this.pending.subarray(this.position, newline);
        this.position = newline + 1;
        return { bytes, newline: true };
      }
      if (this.pending.length - this.position > maxLine) return { bytes: this.take(cutPoint(this.pending, this.position, maxLine)), newline: false };
      const searched = this.pending.length - this.position;
      if (!(await this.fill())) break;
      searchFrom = this.position + searched;
    }
    if (this.position >= this.pending.length) return null;
    return { bytes: this.take(this.pending.length), newline: false };
  }

  /** Exactly `count` bytes, or null when the stream ends before them. */
  async exact(count: number): Promise<Buffer | null> {
    while (this.pending.length - this.position < count) if (!(await this.fill())) return null;
    return this.take(this.position + count);
  }

  private take(end: number): Buffer {
    const bytes = this.pending.subarray(this.position, end);
    this.position = end;
    return bytes;
  }

  /** Appends the next chunk, dropping what was consumed; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const rest = this.pending.subarray(this.position);
    this.pending = rest.length === 0 ? next.value : Buffer.concat([rest, next.value]);
    this.position = 0;
    return true;
  }
}

const SAFE_CUTS = new Set([0x20, 0x2c, 0x3b, 0x7d, 0x09]);

/**
 * Where to cut an over-long line: after a separator in the last 4 KiB before the limit, else at
 * it. Also for latin1 text (one char per byte), so that a reader of text cuts where this one does.
 */
export function cutPoint(bytes: Buffer | string, from: number, maxLine: number): number {
  const limit = from + maxLine;
  const byteAt = typeof bytes === 'string' ? (at: number) => bytes.charCodeAt(at) : (at: number) => bytes[at]!;
  for (let at = limit - 1; at > limit - 4096 && at > from; at--) if (SAFE_CUTS.has(byteAt(at))) return at + 1;
  return limit;
}
