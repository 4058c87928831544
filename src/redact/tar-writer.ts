/**
 * A small tar writer for the redacted bundle: ustar headers, a PAX record for names over 100
 * bytes, regular files and symbolic links only, fixed owner, mode and time so that two runs give
 * identical bytes. A tar header states the size before the content, and a redacted file's size
 * is known only at its end: each file is gathered in a SpillBuffer first (memory up to a bound,
 * then a temporary file), so memory stays constant whatever the file's size.
 */
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const BLOCK = 512;
const MTIME = 0;

export type TarEntryKind = 'file' | 'symlink' | 'hardlink';

export function tarHeader(name: string, kind: TarEntryKind, size: number, linkTarget = ''): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const linkBytes = Buffer.from(linkTarget, 'utf8');
  const pax: string[] = [];
  if (nameBytes.length > 100) pax.push(paxRecord('path', name));
  if (linkBytes.length > 100) pax.push(paxRecord('linkpath', linkTarget));
  // Over-long fields keep their first 100 bytes in the ustar header (as GNU tar does): readers
  // that check the header before applying the PAX record (node-tar requires a link's target) see one.
  const header = ustar(nameBytes, kind === 'file' ? '0' : kind === 'symlink' ? '2' : '1', size, linkBytes);
  if (pax.length === 0) return header;
  const body = Buffer.from(pax.join(''), 'utf8');
  return Buffer.concat([ustar(Buffer.from('PaxHeader'), 'x', body.length, Buffer.alloc(0)), body, padding(body.length), header]);
}

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

function ustar(name: Buffer, type: string, size: number, link: Buffer): Buffer {
  const header = Buffer.alloc(BLOCK);
  name.copy(header, 0, 0, Math.min(100, name.length));
  octal(header, 100, 8, type === '2' ? 0o777 : 0o644);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, size);
  octal(header, 136, 12, MTIME);
  header.fill(0x20, 148, 156);
  header.write(type, 156, 'latin1');
  link.copy(header, 157, 0, Math.min(100, link.length));
  header.write('ustar\u000000', 257, 'latin1');
  header.write('root', 265, 'latin1');
  header.write('root', 297, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return header;
}

function octal(buffer: Buffer, offset: number, length: number, value: number): void {
  buffer.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'latin1');
}

function paxRecord(key: string, value: string): string {
  const text = `${key}=${value}\n`;
  let length = Buffer.byteLength(text) + 3;
  while (Buffer.byteLength(`${length} ${text}`) !== length) length = Buffer.byteLength(`${length} ${text}`);
  return `${length} ${text}`;
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
