// The part of lzma-native (no types of its own) that the xz reader uses.
declare module 'lzma-native' {
  import type { Transform } from 'node:stream';

  export interface LzmaDecoderOptions {
    /** Bytes liblzma may allocate; a stream that needs more fails with LZMA_MEMLIMIT_ERROR. */
    memlimit?: number;
    /** Size of each output buffer. */
    bufsize?: number;
    synchronous?: boolean;
    /** Output bytes the decoder may hold for its reader before it waits (a Transform option). */
    readableHighWaterMark?: number;
  }

  export interface LzmaStream extends Transform {
    /** Compressed bytes liblzma has consumed so far. */
    totalIn(): number;
    totalOut(): number;
  }

  /** An error from liblzma: `name` is its code, `LZMA_DATA_ERROR`, `LZMA_BUF_ERROR`, …. */
  export interface LzmaError extends Error {
    code?: number;
  }

  export function createDecompressor(options?: LzmaDecoderOptions): LzmaStream;
  export function versionString(): string;

  const lzma: { createDecompressor: typeof createDecompressor; versionString: typeof versionString };
  export default lzma;
}
