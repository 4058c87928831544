import { constants as zlibConstants, createInflateRaw, type InflateRaw } from 'node:zlib';
import { ArchiveBreakError } from './archive-break.js';
import { ByteSource } from './byte-source.js';
import { crc32 } from './crc32.js';

/**
 * Output chunk of every gunzip: zlib's 16 KiB default means one thread-pool round trip (and one
 * trip through the consumers) per 16 KiB; 256 KiB cuts that sixteenfold (measured by npm run bench).
 */
export const GUNZIP_CHUNK_BYTES = 256 * 1024;
/**
 * Compressed bytes handed to the inflater at a time. Node's zlib drops the output of the call that
 * fails, so this bounds what a corrupt block costs of the good data before it.
 */
const FEED_BYTES = 64 * 1024;
const MAX_HEADER_FIELD = 64 * 1024;
const FLAG = { text: 1, headerCrc: 2, extra: 4, name: 8, comment: 16, reserved: 0xe0 } as const;

/**
 * Gunzips a file chunk by chunk, member by member, and tells exactly where and how it breaks.
 * Node's own gunzip throws away the output of its last call on any error and says neither where
 * nor why in terms a user can act on; a cut bundle (an interrupted `scp`) would lose its tail, and
 * trailing garbage after a complete gzip would lose the whole last chunk. Here the deflate data
 * is inflated raw with a sync flush at the end, so a cut stream yields everything up to the cut,
 * and the header, CRC-32 and length are checked here. A break is an `ArchiveBreakError` thrown
 * after every byte before it was yielded; trailing bytes after the last member are a warning.
 */
export async function* gunzipMembers(chunks: AsyncIterable<Buffer>, onWarning: (message: string) => void): AsyncGenerator<Buffer> {
  const source = new ByteSource(chunks[Symbol.asyncIterator]());
  try {
    for (let member = 0; ; member += 1) {
      const start = source.offset;
      const magic = await source.read(2);
      if (member > 0 && magic.length === 0) return;
      if (member > 0 && !(magic[0] === 0x1f && magic[1] === 0x8b)) {
        source.unshift(magic);
        return await skipTrailingBytes(source, onWarning);
      }
      if (magic.length < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) throw new ArchiveBreakError(start, 'not a gzip header');
      await readHeaderRest(source, start);
      yield* inflateMember(source);
    }
  } finally {
    await source.close();
  }
}

/** The rest of a gzip member header (RFC 1952 §2.3), after the two magic bytes. */
async function readHeaderRest(source: ByteSource, start: number): Promise<void> {
  const fixed = await source.read(8);
  if (fixed.length < 8) throw new ArchiveBreakError(source.offset, 'the file ends inside a gzip header (truncated)');
  if (fixed[0] !== 8) throw new ArchiveBreakError(start, `bad gzip header: unknown compression method ${fixed[0]}`);
  const flags = fixed[1]!;
  if (flags & FLAG.reserved) throw new ArchiveBreakError(start, 'bad gzip header: reserved flags set');
  if (flags & FLAG.extra) {
    const length = await source.read(2);
    const extra = length.length === 2 ? await source.read(length.readUInt16LE(0)) : null;
    if (!extra || extra.length < length.readUInt16LE(0)) throw new ArchiveBreakError(source.offset, 'the file ends inside a gzip header (truncated)');
  }
  for (const field of [FLAG.name, FLAG.comment]) {
    if (flags & field && !(await source.readZeroTerminated(MAX_HEADER_FIELD))) {
      throw new ArchiveBreakError(source.offset, 'bad gzip header: the file name or comment does not end');
    }
  }
  if (flags & FLAG.headerCrc && (await source.read(2)).length < 2) throw new ArchiveBreakError(source.offset, 'the file ends inside a gzip header (truncated)');
}

/** Inflates one member's deflate data and checks its trailer; the bytes after it go back to `source`. */
async function* inflateMember(source: ByteSource): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw({ chunkSize: GUNZIP_CHUNK_BYTES, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const deflateStart = source.offset;
  const feed = new Feed(inflate, source);
  const feeding = feed.run();
  let crc = 0;
  let size = 0;
  try {
    for await (const out of inflate) {
      crc = crc32(out as Buffer, crc);
      size += (out as Buffer).length;
      yield out as Buffer;
    }
  } catch (error) {
    // The compressed input itself failed (a nested file whose archive entry was cut): pass that on.
    if (feed.inputError) throw feed.inputError;
    throw new ArchiveBreakError(deflateStart + inflate.bytesWritten, `corrupt gzip data (${(error as Error).message})`);
  } finally {
    feed.stop();
    await feeding;
  }
  const deflateEnd = deflateStart + inflate.bytesWritten;
  source.unshift(feed.bytesAfter(deflateEnd));
  if (feed.inputEnded && source.offset === deflateEnd && feed.fedEnd === deflateEnd) {
    throw new ArchiveBreakError(deflateEnd, 'the file ends inside the gzip stream (truncated gzip)');
  }
  await checkTrailer(source, crc, size);
}

async function checkTrailer(source: ByteSource, crc: number, size: number): Promise<void> {
  const at = source.offset;
  const trailer = await source.read(8);
  if (trailer.length < 8) throw new ArchiveBreakError(source.offset, 'the file ends inside the gzip trailer (truncated gzip)');
  if (trailer.readUInt32LE(0) !== crc) throw new ArchiveBreakError(at, 'bad gzip CRC-32: the data read may be damaged');
  if (trailer.readUInt32LE(4) !== size % 2 ** 32) throw new ArchiveBreakError(at + 4, 'bad gzip length (ISIZE): the data read may be damaged');
}

/** Bytes after the last member: zeros (tape or block padding) are harmless; anything else is noted. */
async function skipTrailingBytes(source: ByteSource, onWarning: (message: string) => void): Promise<void> {
  const at = source.offset;
  let garbage = false;
  for (let chunk = await source.next(); chunk; chunk = await source.next()) {
    if (!garbage && chunk.some((byte) => byte !== 0)) garbage = true;
  }
  if (garbage) onWarning(`${source.offset - at} bytes of trailing garbage after the end of the gzip stream (from byte ${at}) were ignored`);
}

/**
 * Writes compressed pieces into the inflater while its output is read elsewhere, and keeps the
 * pieces it may not have consumed: when a member ends inside a piece, the rest of that piece is
 * the trailer and the next member.
 */
class Feed {
  private readonly window: Buffer[] = [];
  private windowStart: number;
  fedEnd: number;
  inputEnded = false;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly inflate: InflateRaw,
    private readonly source: ByteSource,
  ) {
    this.windowStart = source.offset;
    this.fedEnd = source.offset;
    const wake = () => this.wakeUp();
    inflate.on('drain', wake);
    inflate.on('end', wake);
    inflate.on('close', wake);
    // Errors reach the reader through its `for await`; this keeps a late one from going unheard.
    inflate.on('error', wake);
  }

  /** Reading the compressed input failed; the inflater was destroyed so its reader stops too. */
  inputError: Error | null = null;

  /** Never rejects: an input error ends the inflater, which its reader sees. */
  async run(): Promise<void> {
    try {
      await this.feed();
    } catch (error) {
      this.inputError = error as Error;
      this.inflate.destroy(error as Error);
    }
  }

  private async feed(): Promise<void> {
    const deflateStart = this.windowStart;
    while (!this.closed()) {
      const piece = await this.source.next(FEED_BYTES);
      if (this.closed()) {
        if (piece) this.source.unshift(piece);
        return;
      }
      if (!piece) {
        this.inputEnded = true;
        this.inflate.end();
        return;
      }
      this.trim(deflateStart + this.inflate.bytesWritten);
      this.window.push(piece);
      this.fedEnd += piece.length;
      if (!this.inflate.write(piece)) await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp();
  }

  /** What was fed past `offset` (the end of the deflate data). */
  bytesAfter(offset: number): Buffer {
    const fed = Buffer.concat(this.window);
    return fed.subarray(Math.max(0, offset - this.windowStart));
  }

  private closed(): boolean {
    return this.stopped || this.inflate.destroyed || this.inflate.readableEnded;
  }

  private trim(consumedTo: number): void {
    while (this.window.length > 1 && this.windowStart + this.window[0]!.length <= consumedTo) {
      this.windowStart += this.window.shift()!.length;
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
