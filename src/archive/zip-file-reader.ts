import { close, createReadStream, fstat, open, read } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** How much of the file one read brings in: about 1,400 central directory records of a short name. */
const WINDOW_BYTES = 64 * 1024;

const KEEP_OPEN = (_fd: number, callback: (error: Error | null) => void): void => callback(null);

/**
 * A zip file for yauzl that reads its central directory a window at a time. yauzl's own file
 * reader makes two reads per record (the fixed part, then names and extras): on a zip of 100,000
 * entries that is 200,000 round trips through the thread pool, about 10 s of CPU before the first
 * entry's data; here most records come from the window already read. Entry data is streamed
 * from the file as before.
 */
export class ZipFileReader extends yauzl.RandomAccessReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  private constructor(private readonly fd: number) {
    super();
  }

  /** Opens `path`; its size is what yauzl needs to find the end of the central directory. */
  static open(path: string): Promise<{ reader: ZipFileReader; size: number }> {
    return new Promise((resolve, reject) => {
      open(path, 'r', (openError, fd) => {
        if (openError) return reject(openError);
        fstat(fd, (statError, stats) => {
          if (statError) return close(fd, () => reject(statError));
          resolve({ reader: new ZipFileReader(fd), size: stats.size });
        });
      });
    });
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // A stream's destroy() closes its fd whatever autoClose says; the file stays open for the
    // other entries and is closed by close() below.
    return createReadStream('', { fd: this.fd, start, end: end - 1, autoClose: false, fs: { read, close: KEEP_OPEN } });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    const from = position - this.windowStart;
    if (from >= 0 && from + length <= this.window.length) {
      this.window.copy(buffer, offset, from, from + length);
      // yauzl expects its callbacks later, never inside the call.
      process.nextTick(callback, null, length);
      return;
    }
    if (length > WINDOW_BYTES) {
      read(this.fd, buffer, offset, length, position, (error, bytesRead) => callback(error, bytesRead));
      return;
    }
    const window = Buffer.allocUnsafe(WINDOW_BYTES);
    read(this.fd, window, 0, WINDOW_BYTES, position, (error, bytesRead) => {
      if (error) return callback(error);
      this.window = window.subarray(0, bytesRead);
      this.windowStart = position;
      const got = Math.min(length, bytesRead);
      this.window.copy(buffer, offset, 0, got);
      callback(null, got);
    });
  }

  override close(callback: (error: Error | null) => void): void {
    close(this.fd, callback);
  }
}
