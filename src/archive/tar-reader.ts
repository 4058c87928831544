import { createReadStream } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { Parser, type ReadEntry } from 'tar';
import { isBundleError } from '../errors.js';
import { ArchiveBreakError } from './archive-break.js';
import type { EntryKind, RawEntry } from './entry.js';
import { gunzipMembers } from './gzip-members.js';
import { EntryCutError } from './metered-content.js';
import { unxzFile } from './xz-command.js';
import { iterateStream } from './stream-iter.js';

export interface TarStreamStats {
  compressedBytes: number;
  tarBytes: number;
  sha256: string | null;
}

/** How the tar stream is compressed: chosen from the file's content by `detectInput`. */
export type TarCompression = 'none' | 'gzip' | 'xz';

export interface TarReaderOptions {
  compression: TarCompression;
  /** Called for every decompressed chunk of the archive stream; throw to stop (ratio limit). */
  onTarBytes?: (stats: TarStreamStats) => void;
  onWarning: (message: string) => void;
}

type QueueItem = { entry: ReadEntry } | { done: true };

/**
 * Streams a tar, tar.gz or tar.xz file entry by entry. Nothing is extracted: each entry's bytes are
 * handed to the consumer while the parser waits (tar's parser stops writing when an entry is
 * not flowing, and the pump below waits for it to drain).
 *
 * A break in the file (cut, bad CRC, corrupt deflate data) never loses what came before it: the
 * parser is ended there, so every complete entry is still yielded, the entry that was being
 * filled ends short and its reader gets an `EntryCutError`, and the generator then throws the
 * `ArchiveBreakError` saying where and what broke.
 */
export async function* readTarEntries(path: string, options: TarReaderOptions, stats: TarStreamStats): AsyncGenerator<RawEntry> {
  const hashing: FileHashing = { hash: createHash('sha256'), bytes: 0, decoderHash: null };
  const queue = new EntryQueue();
  const state: ReadState = { failure: null, sawEndBlocks: false };
  const parser = new Parser({
    brotli: false,
    zstd: false,
    onwarn: (_code: string, message: string | Error) => onParserWarning(message instanceof Error ? message.message : message, state, stats, options),
  });
  let current: ReadEntry | null = null;
  parser.on('entry', (entry: ReadEntry) => queue.push({ entry }));
  parser.on('eof', () => (state.sawEndBlocks = true));
  parser.on('end', () => queue.push({ done: true }));
  parser.on('error', (error: Error) => {
    // Not expected (the parser is lenient); end what is open so no reader waits forever.
    state.failure ??= new ArchiveBreakError(stats.compressedBytes, `bad tar data (${error.message})`);
    current?.end();
    queue.push({ done: true });
  });
  const stop = new AbortController();
  const pumping = pump(parser, tarChunks(path, options, stats, hashing), state, stats, stop.signal);

  try {
    for (;;) {
      const item = await queue.next();
      if ('done' in item) break;
      current = item.entry;
      yield toRawEntry(item.entry, () => state.failure);
      current = null;
      // Drain what the consumer did not read. A consumer that stopped early may have left its
      // data listener behind; without it the entry discards the rest instead of stalling the parser.
      item.entry.removeAllListeners('data');
      item.entry.resume();
    }
    // The parser has ended; an abort only wakes a pump stuck on a parser that failed.
    stop.abort();
    await pumping;
  } finally {
    stop.abort();
  }
  if (isBundleError(state.failure)) throw state.failure;
  if (state.failure instanceof ArchiveBreakError && state.sawEndBlocks && /truncated/.test(state.failure.what)) {
    // Cut after the tar's own end: every entry was read; only the gzip's or xz's last bytes are missing.
    options.onWarning(`${state.failure.message}, after the end of the tar data: every entry was read`);
    state.failure = null;
  }
  if (!state.failure && !state.sawEndBlocks) {
    state.failure = new ArchiveBreakError(stats.compressedBytes, 'the tar data ends without its end-of-archive blocks (truncated tar)');
  }
  stats.sha256 = hashing.decoderHash ?? (await hashRest(path, hashing));
  if (state.failure) throw state.failure;
}

interface ReadState {
  /** What broke the read, if anything; the first break wins. */
  failure: Error | null;
  /** The two zero blocks that end a complete tar were seen. */
  sawEndBlocks: boolean;
}

/** Feeds the parser from the file, waiting while an entry is not read; any failure ends the parser there. */
async function pump(parser: Parser, chunks: AsyncIterable<Buffer>, state: ReadState, stats: TarStreamStats, signal: AbortSignal): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (signal.aborted) return;
      // After the end blocks the parser would only pile up what follows (a second copy, garbage);
      // the rest is still read, for the gzip checks and the sha256.
      if (state.sawEndBlocks) continue;
      if (!parser.write(chunk)) await once(parser, 'drain', { signal });
      if (signal.aborted) return;
    }
  } catch (error) {
    if (signal.aborted) return;
    state.failure ??= isBundleError(error) || error instanceof ArchiveBreakError ? error : new ArchiveBreakError(stats.compressedBytes, `unreadable (${(error as Error).message})`);
  }
  // Complete entries are still delivered; the one being filled ends short (a cut entry).
  parser.end();
}

/** The tar bytes of the file, decompressed when it is a tar.gz or tar.xz; counts and hashes what is read. */
async function* tarChunks(path: string, options: TarReaderOptions, stats: TarStreamStats, hashing: FileHashing): AsyncGenerator<Buffer> {
  if (options.compression === 'none') {
    for await (const chunk of fileChunks(path, stats, hashing)) {
      stats.tarBytes += chunk.length;
      yield chunk;
    }
    return;
  }
  const decoded =
    options.compression === 'gzip'
      ? gunzipMembers(fileChunks(path, stats, hashing), options.onWarning)
      : unxzFile(path, () => fileChunks(path, stats, hashing), { counts: stats, onFileHash: (sha256) => (hashing.decoderHash = sha256) }, options.onWarning);
  for await (const chunk of decoded) {
    stats.tarBytes += chunk.length;
    options.onTarBytes?.(stats);
    yield chunk;
  }
}

/**
 * The input file's sha256: fed by fileChunks as it reads (`bytes` so far), or computed whole by
 * the xz worker, which reads the file itself (null when it did not finish: hashed here then).
 */
interface FileHashing {
  hash: Hash;
  bytes: number;
  decoderHash: string | null;
}

async function* fileChunks(path: string, stats: TarStreamStats, hashing: FileHashing): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    stats.compressedBytes += (chunk as Buffer).length;
    hashing.bytes += (chunk as Buffer).length;
    hashing.hash.update(chunk as Buffer);
    yield chunk as Buffer;
  }
}

/** The sha256 names the whole input file, also when reading broke before its end. */
async function hashRest(path: string, hashing: FileHashing): Promise<string> {
  for await (const chunk of createReadStream(path, { start: hashing.bytes, highWaterMark: 1024 * 1024 })) hashing.hash.update(chunk as Buffer);
  return hashing.hash.digest('hex');
}

function onParserWarning(message: string, state: ReadState, stats: TarStreamStats, options: TarReaderOptions): void {
  if (/^Truncated input/.test(message)) {
    // The tar data ended inside an entry: a cut, reported once as the break (the gzip's, if that came first).
    state.failure ??= new ArchiveBreakError(stats.compressedBytes, `the tar data ends inside an entry (truncated tar: ${message})`);
    return;
  }
  options.onWarning(/checksum|required|forbidden|invalid/i.test(message) ? `bad tar header skipped (${message})` : message);
}

/** Entries in the order the parser emits them, awaited one at a time. */
class EntryQueue {
  private readonly items: QueueItem[] = [];
  private wake: (() => void) | null = null;

  push(item: QueueItem): void {
    this.items.push(item);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async next(): Promise<QueueItem> {
    for (;;) {
      const item = this.items.shift();
      if (item) return item;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

function toRawEntry(entry: ReadEntry, failure: () => Error | null): RawEntry {
  const kind = entryKind(entry.type);
  return {
    name: entry.path,
    kind,
    size: kind === 'file' ? entry.size : null,
    compressedSize: null,
    linkTarget: entry.linkpath ?? null,
    specialType: kind === 'special' ? specialName(entry.type) : null,
    open: () => entryContent(entry, failure),
  };
}

/** An entry's bytes; one the archive broke inside ends with an error its reader can record. */
async function* entryContent(entry: ReadEntry, failure: () => Error | null): AsyncGenerator<Buffer> {
  yield* iterateStream(entry);
  if (entry.remain > 0) {
    const cause = failure();
    throw new EntryCutError(`cut: the archive breaks inside this entry after ${entry.size - entry.remain} of ${entry.size} bytes${cause ? ` (${cause.message})` : ''}`);
  }
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
