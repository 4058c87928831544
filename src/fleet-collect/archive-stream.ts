import { createGunzip } from 'node:zlib';

/**
 * kubectl's standard output in streamed mode: first, unless `--quiet` was given, the line
 * `Creating debugging pod node-debugger-worker-3-x7k2p with container debugger on node worker-3.`
 * (kubectl prints it before it creates the pod), then the gzip stream of the archive and
 * nothing else. This splits the two: the pod name as soon as it is known, the archive bytes as
 * they come, and a check that those bytes are one whole gzip stream.
 */
export class ArchiveStream {
  private prelude = Buffer.alloc(0);
  private inArchive = false;
  private archiveBytes = 0;
  private readonly gunzip = createGunzip();
  private gzipError: Error | null = null;
  private readonly gunzipEnded: Promise<void>;
  /** Lines before the archive that are not the pod line (for the failure reason). */
  readonly otherLines: string[] = [];

  constructor(private readonly onPod: (pod: string) => void) {
    this.gunzip.on('error', (error) => (this.gzipError = error));
    this.gunzipEnded = new Promise((resolve) => {
      this.gunzip.on('end', resolve);
      this.gunzip.on('error', () => resolve());
    });
    this.gunzip.resume();
  }

  /** Takes a chunk of kubectl's stdout; returns the archive bytes in it (maybe none). */
  take(chunk: Buffer): Buffer {
    if (this.inArchive) return this.archive(chunk);
    this.prelude = Buffer.concat([this.prelude, chunk]);
    while (!this.inArchive) {
      if (this.prelude.length >= 2 && this.prelude[0] === 0x1f && this.prelude[1] === 0x8b) {
        this.inArchive = true;
        const rest = this.prelude;
        this.prelude = Buffer.alloc(0);
        return this.archive(rest);
      }
      const newline = this.prelude.indexOf(0x0a);
      if (newline < 0) break;
      this.line(this.prelude.subarray(0, newline).toString('utf8'));
      this.prelude = this.prelude.subarray(newline + 1);
    }
    if (this.prelude.length > MAX_PRELUDE) throw new NodeFailure(`kubectl wrote text, not an archive: ${this.prelude.subarray(0, 200).toString('utf8')}`);
    return Buffer.alloc(0);
  }

  /** After the last chunk: throws unless a complete gzip stream came. */
  async finish(): Promise<number> {
    if (!this.inArchive) {
      const text = [...this.otherLines, this.prelude.toString('utf8')].join(' ').trim();
      throw new NodeFailure(text ? `no archive on standard output; kubectl wrote: ${text}` : 'no archive on standard output');
    }
    this.gunzip.end();
    await this.gunzipEnded;
    if (this.gzipError) throw new NodeFailure(`the archive is not a whole gzip stream (${this.gzipError.message}), ${this.archiveBytes} bytes received`);
    return this.archiveBytes;
  }

  private archive(bytes: Buffer): Buffer {
    this.archiveBytes += bytes.length;
    if (bytes.length > 0 && !this.gzipError) this.gunzip.write(bytes);
    return bytes;
  }

  private line(text: string): void {
    const pod = POD_LINE.exec(text)?.[1];
    if (pod !== undefined) this.onPod(pod);
    else if (text.trim() !== '' && this.otherLines.length < 5) this.otherLines.push(text.trim());
  }
}

const POD_LINE = /^Creating debugging pod ([a-z0-9]([-a-z0-9.]*[a-z0-9])?) with container /;

/** Text kubectl may print before the archive; far more means something else is on stdout. */
const MAX_PRELUDE = 64 * 1024;

/** Why one node gave no bundle: its message goes into the summary as it is. */
export class NodeFailure extends Error {
  override readonly name = 'NodeFailure';
}
