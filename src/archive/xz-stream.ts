import type { LzmaError, LzmaStream } from 'lzma-native';
import { BundleError } from '../errors.js';
import { ArchiveBreakError } from './archive-break.js';
import { ByteSource } from './byte-source.js';
import { formatBytes } from './limits.js';

/** Output chunk of the decoder: the same as gunzip's, one trip through the consumers per 256 KiB. */
export const XZ_CHUNK_BYTES = 256 * 1024;
/**
 * Decoded bytes the decoder may hold before its reader takes them. liblzma runs on a libuv
 * thread; with the default 16 KiB it waits for the parsers after every chunk, with 4 MiB the two
 * overlap (500M bench tar.xz, load 6-8: 16.7-19.7 s wall against 21.2-21.6 s, same CPU).
 */
export const XZ_READ_AHEAD_BYTES = 4 * 1024 * 1024;
/**
 * What liblzma may allocate. `xz -9` needs 65 MiB to decode; a stream that asks for more (a huge
 * dictionary set by hand, or a hostile header) is refused rather than allowed to take the machine.
 */
export const XZ_MEMLIMIT_BYTES = 128 * 1024 * 1024;
/**
 * The decoder expands each piece written to it in one go, whatever its reader can take, so the
 * pieces are sized from the ratio seen so far: about this much output per piece. Log text (ratio
 * 5–10) gets 256 KiB pieces; a run of zeros (ratio in the thousands) gets 1 KiB ones.
 */
const OUTPUT_PER_PIECE = 2 * 1024 * 1024;
const PIECE_BYTES = { first: 4 * 1024, min: 1024, max: 256 * 1024 } as const;

/**
 * Decodes an xz file (every concatenated stream, padding included) chunk by chunk with liblzma
 * (lzma-native: prebuilt binaries in its npm package, no compiler; chosen by measurement, see
 * test/bench/xz-decoders.ts). A cut or corrupt stream yields everything decoded before the break,
 * then throws an `ArchiveBreakError` at the compressed offset liblzma had reached; bytes after the
 * last stream that are not xz are a warning, as with gzip.
 */
export async function* unxzStreams(chunks: AsyncIterable<Buffer>, onWarning: (message: string) => void): AsyncGenerator<Buffer> {
  // Loaded on first use: with the xz command on PATH (the usual case) it is never needed, and its
  // native addon costs tens of milliseconds of every run's start, before xz can begin.
  const { default: lzma } = await import('lzma-native');
  const decoder = lzma.createDecompressor({ memlimit: XZ_MEMLIMIT_BYTES, bufsize: XZ_CHUNK_BYTES, readableHighWaterMark: XZ_READ_AHEAD_BYTES });
  const stop = new AbortController();
  const feed = new XzFeed(decoder);
  const position = new StreamPosition(decoder);
  const feeding = feed.run(new ByteSource(chunks[Symbol.asyncIterator]()), stop.signal);
  let decoded = 0;
  try {
    for await (const out of decoder as AsyncIterable<Buffer>) {
      decoded += out.length;
      feed.decoded = decoded;
      yield out;
    }
  } catch (error) {
    if (feed.inputError) throw feed.inputError;
    const consumed = position.inputOffset();
    if (decoded > 0 && (error as LzmaError).name === 'LZMA_FORMAT_ERROR') {
      // liblzma has read a few of them (stream padding comes in 4-byte units): the offset is near, not exact.
      onWarning(`bytes that are not xz after the end of the xz stream (near byte ${consumed}) were ignored`);
      return;
    }
    throw xzBreak(error as LzmaError, consumed);
  } finally {
    stop.abort();
    decoder.destroy();
    await feeding;
  }
}

function xzBreak(error: LzmaError, consumed: number): Error {
  switch (error.name) {
    case 'LZMA_BUF_ERROR':
      return new ArchiveBreakError(consumed, 'the file ends inside the xz stream (truncated xz)');
    case 'LZMA_FORMAT_ERROR':
      return new ArchiveBreakError(consumed, 'not an xz stream');
    case 'LZMA_MEMLIMIT_ERROR':
    case 'LZMA_MEM_ERROR':
      return xzMemlimitError();
    case 'LZMA_OPTIONS_ERROR':
    case 'LZMA_UNSUPPORTED_CHECK':
      return new ArchiveBreakError(consumed, `xz stream with unsupported options (${error.message})`);
    default:
      return new ArchiveBreakError(consumed, `corrupt xz data (${error.message})`);
  }
}

/** The same refusal from liblzma in-process and from the `xz` command (`--memlimit`). */
export function xzMemlimitError(): BundleError {
  return new BundleError(`input's xz stream needs more than ${formatBytes(XZ_MEMLIMIT_BYTES)} of memory to decode (a very large xz dictionary); decompress it with xz -d first`);
}

/**
 * Where liblzma is in the input file. Its count restarts at each concatenated stream, so the
 * counts at which it went back to zero are added up.
 */
class StreamPosition {
  private before = 0;
  private last = 0;

  constructor(private readonly decoder: LzmaStream) {
    decoder.on('progress', ({ totalIn }: { totalIn: number }) => this.see(totalIn));
  }

  inputOffset(): number {
    this.see(this.decoder.totalIn());
    return this.before + this.last;
  }

  private see(totalIn: number): void {
    if (totalIn < this.last) this.before += this.last;
    this.last = totalIn;
  }
}

/** Writes the compressed bytes into the decoder in ratio-sized pieces, waiting while it is full. */
class XzFeed {
  /** Output bytes read so far, for the ratio that sizes the next piece. */
  decoded = 0;
  /** Reading the compressed input failed; the decoder was destroyed so its reader stops too. */
  inputError: Error | null = null;

  /** Settles when the decoder is gone (its error, or the reader stopped): a pending write never completes then. */
  private readonly closed: Promise<void>;

  constructor(private readonly decoder: LzmaStream) {
    this.closed = new Promise((resolve) => decoder.once('close', () => resolve()));
  }

  /** Never rejects: an input error destroys the decoder, which its reader sees; the decoder's own errors reach that reader directly. */
  async run(source: ByteSource, signal: AbortSignal): Promise<void> {
    try {
      for (let piece = await this.read(source, PIECE_BYTES.first); piece && !signal.aborted; piece = await this.read(source, this.pieceBytes(source.offset))) {
        if (this.decoder.destroyed) return;
        await this.write(piece);
      }
      if (!signal.aborted && !this.decoder.destroyed) this.decoder.end();
    } catch {
      // The input failed (kept in inputError, the decoder destroyed with it): its reader stops there.
    } finally {
      await source.close();
    }
  }

  /**
   * One piece in flight: a Transform calls back for a write only once its reader has taken the
   * output below the high-water mark, which is the backpressure the decoder lacks on its own.
   */
  private async write(piece: Buffer): Promise<void> {
    await Promise.race([new Promise<void>((resolve) => this.decoder.write(piece, () => resolve())), this.closed]);
  }

  private async read(source: ByteSource, max: number): Promise<Buffer | null> {
    try {
      return await source.next(max);
    } catch (error) {
      this.inputError = error as Error;
      this.decoder.destroy(error as Error);
      throw error;
    }
  }

  private pieceBytes(fed: number): number {
    const ratio = Math.max(1, this.decoded / Math.max(1, fed));
    return Math.min(PIECE_BYTES.max, Math.max(PIECE_BYTES.min, Math.floor(OUTPUT_PER_PIECE / ratio)));
  }
}
