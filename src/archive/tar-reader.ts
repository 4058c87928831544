import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import type { EntryKind, RawEntry } from './entry.js';
import { GUNZIP_CHUNK_BYTES, iterateStream } from './stream-iter.js';

export interface TarStreamStats {
  compressedBytes: number;
  tarBytes: number;
  sha256: string | null;
}

export interface TarReaderOptions {
  gzip: boolean;
  /** Called for every decompressed chunk of the archive stream; throw to stop (ratio limit). */
  onTarBytes?: (stats: TarStreamStats) => void;
  onWarning: (message: string) => void;
}

type QueueItem = { entry: ReadEntry } | { done: true } | { error: Error };

/**
 * Streams a tar or tar.gz file entry by entry. Nothing is extracted: each entry's bytes are
 * handed to the consumer while the parser waits (tar's parser stops writing when an entry is
 * not flowing, and `pipe` passes that back to the file stream).
 */
export async function* readTarEntries(path: string, options: TarReaderOptions, stats: TarStreamStats): AsyncGenerator<RawEntry> {
  const hash = createHash('sha256');
  const queue: QueueItem[] = [];
  let wake: (() => void) | null = null;
  let current: ReadEntry | null = null;
  const push = (item: QueueItem) => {
    queue.push(item);
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (error: Error) => {
    // An entry being read when the archive breaks must end too, or its reader would wait forever.
    current?.emit('error', error);
    push({ error });
  };

  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const parser = new Parser({
    onwarn: (_code: string, message: string | Error) => options.onWarning(String(message instanceof Error ? message.message : message)),
  });
  parser.on('entry', (entry: ReadEntry) => push({ entry }));
  parser.on('end', () => push({ done: true }));
  file.on('data', (chunk) => {
    stats.compressedBytes += chunk.length;
    hash.update(chunk);
  });
  file.on('error', fail);
  let tarStream: NodeJS.ReadableStream = file;
  if (options.gzip) {
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
    gunzip.on('data', (chunk: Buffer) => {
      stats.tarBytes += chunk.length;
      try {
        options.onTarBytes?.(stats);
      } catch (error) {
        file.destroy();
        gunzip.destroy();
        fail(error as Error);
      }
    });
    gunzip.on('error', (error) => fail(new Error(describeGzipError(error))));
    file.pipe(gunzip);
    tarStream = gunzip;
  } else {
    file.on('data', (chunk) => (stats.tarBytes += chunk.length));
  }
  tarStream.pipe(parser as unknown as NodeJS.WritableStream);

  try {
    for (;;) {
      const item = queue.shift();
      if (!item) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ('error' in item) throw item.error;
      if ('done' in item) break;
      current = item.entry;
      yield toRawEntry(item.entry);
      current = null;
      // Drain what the consumer did not read. A consumer that stopped early may have left its
      // data listener behind; without it the entry discards the rest instead of stalling the parser.
      item.entry.removeAllListeners('data');
      item.entry.resume();
    }
  } finally {
    file.destroy();
  }
  stats.sha256 = hash.digest('hex');
}

function toRawEntry(entry: ReadEntry): RawEntry {
  const kind = entryKind(entry.type);
  return {
    name: entry.path,
    kind,
    size: kind === 'file' ? entry.size : null,
    compressedSize: null,
    linkTarget: entry.linkpath ?? null,
    specialType: kind === 'special' ? specialName(entry.type) : null,
    open: () => iterateStream(entry),
  };
}

function entryKind(type: string): EntryKind {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
    case 'GNUDumpDir':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return 'special';
  }
}

function specialName(type: string): string {
  const names: Record<string, string> = {
    CharacterDevice: 'character device',
    BlockDevice: 'block device',
    FIFO: 'FIFO',
  };
  return names[type] ?? `tar entry of type ${type}`;
}

function describeGzipError(error: Error & { code?: string }): string {
  if (error.code === 'Z_BUF_ERROR' || /unexpected end/i.test(error.message)) {
    return 'the archive ends early (truncated gzip stream)';
  }
  return `the gzip stream is corrupt (${error.message})`;
}
