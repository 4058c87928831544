/**
 * The tar stream of the redacted bundle: headers encoded by node-tar, regular files and links
 * only, fixed owner, mode and time so that two runs give identical bytes. A tar header states the size before the content, and a redacted file's size
 * is known only at its end: each file is gathered in a SpillBuffer first (memory up to a bound,
 * then a temporary file), so memory stays constant whatever the file's size.
 */
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Header, Pax } from 'tar';

const BLOCK = 512;
const MTIME = new Date(0);

export type TarEntryKind = 'file' | 'symlink' | 'hardlink';

const TYPES: Record<TarEntryKind, 'File' | 'SymbolicLink' | 'Link'> = { file: 'File', symlink: 'SymbolicLink', hardlink: 'Link' };

/**
 * One entry's header, encoded by node-tar's own `Header` (ustar, with a name over 100 bytes split
 * into prefix and name where it can be) and, when a field still does not fit, its `Pax` record first.
 */
export function tarHeader(name: string, kind: TarEntryKind, size: number, linkTarget = ''): Buffer {
  const fields = { path: name, linkpath: linkTarget, type: TYPES[kind], size, mode: kind === 'symlink' ? 0o777 : 0o644, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: MTIME };
  const header = new Header(fields);
  const block = Buffer.alloc(BLOCK);
  header.encode(block, 0);
  if (!header.needPax) return block;
  return Buffer.concat([new Pax({ path: name, linkpath: linkTarget, mtime: MTIME }, false).encode(), block]);
}

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

const MEMORY_BYTES = 4 * 1024 * 1024;

/** One file's bytes before its header can be written: in memory up to 4 MiB, then in a temporary file. */
export class SpillBuffer {
  private chunks: Buffer[] = [];
  private file: FileHandle | null = null;
  size = 0;

  constructor(private readonly path: string) {}

  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.size += chunk.length;
    if (!this.file && this.size <= MEMORY_BYTES) {
      this.chunks.push(chunk);
      return;
    }
    if (!this.file) {
      this.file = await open(this.path, 'wx', 0o600);
      for (const held of this.chunks) await this.file.write(held);
      this.chunks = [];
    }
    await this.file.write(chunk);
  }

  async *read(): AsyncGenerator<Buffer> {
    if (!this.file) {
      yield* this.chunks;
      return;
    }
    await this.file.close();
    this.file = null;
    for await (const chunk of createReadStream(this.path, { highWaterMark: 1024 * 1024 })) yield chunk as Buffer;
  }

  async dispose(): Promise<void> {
    await this.file?.close().catch(() => undefined);
    this.file = null;
    this.chunks = [];
    await rm(this.path, { force: true });
  }
}

export function spillPath(folder: string, index: number): string {
  return join(folder, `spill-${index}`);
}
