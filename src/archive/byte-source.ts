/**
 * A chunk stream that can be read in measured pieces and pushed back into, and that knows how
 * many bytes of it have been handed out: the offset a break in the archive is reported at.
 */
export class ByteSource {
  private readonly pending: Buffer[] = [];
  /** Bytes handed out so far, minus those given back. */
  offset = 0;

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** The next chunk, at most `max` bytes of it; null at the end. */
  async next(max = Infinity): Promise<Buffer | null> {
    let chunk = this.pending.shift();
    while (!chunk || chunk.length === 0) {
      const next = await this.chunks.next();
      if (next.done) return null;
      chunk = next.value;
    }
    if (chunk.length > max) {
      this.pending.unshift(chunk.subarray(max));
      chunk = chunk.subarray(0, max);
    }
    this.offset += chunk.length;
    return chunk;
  }

  /** Exactly `length` bytes, or fewer when the stream ends first. */
  async read(length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < length) {
      const chunk = await this.next(length - have);
      if (!chunk) break;
      parts.push(chunk);
      have += chunk.length;
    }
    return Buffer.concat(parts, have);
  }

  /** Bytes up to and including the next zero byte (a gzip name or comment), at most `max`. */
  async readZeroTerminated(max: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have <= max) {
      const chunk = await this.next(max + 1 - have);
      if (!chunk) return null;
      const zero = chunk.indexOf(0);
      if (zero >= 0) {
        this.unshift(chunk.subarray(zero + 1));
        parts.push(chunk.subarray(0, zero + 1));
        return Buffer.concat(parts);
      }
      parts.push(chunk);
      have += chunk.length;
    }
    return null;
  }

  unshift(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pending.unshift(bytes);
    this.offset -= bytes.length;
  }

  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}
