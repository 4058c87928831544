/**
 * Streams a bundle into a `.tar.gz` as it is generated: an entry's header goes out, then its
 * data, and nothing but the entry being written is held. A file whose size is fixed in advance
 * (a journal export of hundreds of MB) is written through `SizedText`, which must land on that
 * exact size; smaller files (a pod log of at most the rotation size) are built first and written
 * whole. Parent folders get their own entries, as `tar -c` of a folder gives them.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';
import { TAR_END, tarHeaderBlocks, tarPadding } from '../../helpers/tar-writer.js';

export interface BundleEntry {
  /** Path inside the bundle folder: `pods/shop_cart-…/cart/0.log`; folders end with `/`. */
  path: string;
  /** Bytes stored in the archive entry (for a `.gz` file, its compressed size). */
  bytes: number;
}

export type ProgressListener = (contentBytes: number, entries: number) => void;

export class TarGzSink {
  readonly entries: BundleEntry[] = [];
  contentBytes = 0;
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private readonly folders = new Set<string>();

  /** `root` is the bundle's top folder, `podmortem-<node>-<stamp>/`. */
  constructor(
    path: string,
    readonly root: string,
    private readonly onProgress: ProgressListener = () => {},
    level = 6,
  ) {
    // Large chunks and a deep queue let generation run ahead while zlib compresses on another thread.
    this.gzip = createGzip({ level, chunkSize: 256 * 1024, highWaterMark: 16 * 1024 * 1024 } as ZlibOptions);
    const file = createWriteStream(path);
    this.done = new Promise((resolve, reject) => {
      file.on('finish', resolve).on('error', reject);
      this.gzip.on('error', reject);
    });
    this.gzip.pipe(file);
  }

  async file(path: string, data: Buffer | readonly Buffer[]): Promise<void> {
    const chunks = Buffer.isBuffer(data) ? [data] : data;
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    await this.begin(path, size);
    for (const chunk of chunks) await this.write(chunk);
    await this.end(size);
  }

  /** A file of exactly `size` bytes whose content `produce` streams through the given writer. */
  async sized(path: string, size: number, produce: (text: SizedText) => Promise<void>): Promise<void> {
    await this.begin(path, size);
    const text = new SizedText(path, size, (chunk) => this.write(chunk));
    await produce(text);
    await text.finish();
    await this.end(size);
  }

  /** The end-of-archive blocks; resolves when the file is on disk. */
  async finish(): Promise<void> {
    this.gzip.end(TAR_END);
    await this.done;
  }

  private async begin(path: string, size: number): Promise<void> {
    const slash = path.lastIndexOf('/');
    if (slash > 0) await this.folder(path.slice(0, slash + 1));
    this.entries.push({ path, bytes: size });
    for (const block of tarHeaderBlocks({ name: this.root + path }, size)) await this.write(block);
  }

  private async end(size: number): Promise<void> {
    await this.write(tarPadding(size));
    this.contentBytes += size;
    this.onProgress(this.contentBytes, this.entries.length);
  }

  private async folder(path: string): Promise<void> {
    if (this.folders.has(path)) return;
    const parent = path.lastIndexOf('/', path.length - 2);
    if (parent > 0) await this.folder(path.slice(0, parent + 1));
    this.folders.add(path);
    this.entries.push({ path, bytes: 0 });
    for (const block of tarHeaderBlocks({ name: this.root + path, type: 'dir' }, 0)) await this.write(block);
  }

  private async write(chunk: Buffer): Promise<void> {
    if (chunk.length > 0 && !this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }
}

const BATCH_CHARS = 256 * 1024;

/**
 * Text of an exact byte size, written in batches. Callers write ASCII (and, in journal export
 * binary fields, length bytes as latin1 characters), so one character is one byte and
 * `remaining` is exact; `finish` checks it.
 */
export class SizedText {
  private written = 0;
  private batch = '';

  constructor(
    readonly path: string,
    readonly size: number,
    private readonly write: (chunk: Buffer) => Promise<void>,
  ) {}

  get remaining(): number {
    return this.size - this.written - this.batch.length;
  }

  async add(text: string): Promise<void> {
    if (text.length > this.remaining) throw new Error(`${this.path}: ${text.length} bytes do not fit in the ${this.remaining} left`);
    this.batch += text;
    if (this.batch.length >= BATCH_CHARS) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    if (this.written !== this.size) throw new Error(`${this.path}: wrote ${this.written} bytes, planned ${this.size}`);
  }

  private async flush(): Promise<void> {
    if (!this.batch) return;
    const chunk = Buffer.from(this.batch, 'latin1');
    this.batch = '';
    this.written += chunk.length;
    await this.write(chunk);
  }
}
