import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RawEntry } from './entry.js';

/**
 * A lone log file (`dmesg.txt`, `kern.log.2.gz`, a journal export) as an archive of one entry
 * named after the file, so it passes the same path policy and limits as any bundle entry. A gzip
 * file's size is not declared (its content is decompressed and metered as it is read, ratio
 * included, like a rotated log inside a bundle); a plain file's size is its size on disk.
 */
export async function* readLoneFileEntry(path: string, bytes: number | null): AsyncGenerator<RawEntry> {
  const gzip = await startsWithGzipMagic(path);
  yield {
    name: basename(path),
    kind: 'file',
    size: gzip ? null : bytes,
    compressedSize: null,
    linkTarget: null,
    specialType: null,
    open: () => fileChunks(path),
  };
}

async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
