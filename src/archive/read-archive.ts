import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { BundleError, isBundleError } from '../errors.js';
import type { InputInfo } from './detect.js';
import type { ArchiveEntry, RawEntry, RejectedEntry } from './entry.js';
import { formatBytes, RATIO_CHECK_MIN_BYTES, type ArchiveLimits, type LimitName } from './limits.js';
import { ArchiveStopError, EntryCutError, meteredContent, type ByteTotals } from './metered-content.js';
import { checkEntryPath } from './path-policy.js';
import { readDirectoryEntries } from './dir-reader.js';
import { readLoneFileEntry } from './lone-file-reader.js';
import { readTarEntries, type TarStreamStats } from './tar-reader.js';
import { readZipEntries } from './zip-reader.js';

/** Where accepted entries go (one at a time, in archive order) and where refusals are reported. */
export interface ArchiveSink {
  entry(entry: ArchiveEntry): Promise<void>;
  reject(entry: RejectedEntry): void;
}

export interface ArchiveReadResult {
  /** Entries of every kind seen, directories included. */
  entries: number;
  /** Uncompressed content bytes delivered to consumers. */
  contentBytes: number;
  /** sha256 of the input file; null for a directory. */
  sha256: string | null;
  /** Problems with the archive as a whole (tar header warnings, …). */
  warnings: string[];
  /** Why reading stopped before the end of the archive, if it did. */
  stopped: { limit: LimitName | null; message: string } | null;
}

/**
 * Reads any supported input entry by entry, applying one policy to all formats: path checks,
 * duplicate names, links and special files as metadata only, size, count and ratio limits.
 * Entries are streamed in place; nothing is extracted.
 */
/**
 * How far reading has got, updated as it goes (entries seen, content bytes delivered), for a
 * progress display that polls it; the reader never waits for it.
 */
export interface ArchiveProgress {
  entries: number;
  contentBytes: number;
}

export async function readArchive(input: InputInfo, limits: ArchiveLimits, sink: ArchiveSink, progress: ArchiveProgress = { entries: 0, contentBytes: 0 }): Promise<ArchiveReadResult> {
  const result: ArchiveReadResult = { entries: 0, contentBytes: 0, sha256: null, warnings: [], stopped: null };
  const totals: ByteTotals = progress;
  const seen = new Set<string>();
  const tarStats: TarStreamStats = { compressedBytes: 0, tarBytes: 0, sha256: null };
  const zipHash = input.kind === 'zip' || input.kind === 'file' ? hashFile(input.path) : null;
  zipHash?.catch(() => undefined); // awaited below; a corrupt zip throws before that
  try {
    for await (const raw of rawEntries(input, limits, tarStats, result.warnings)) {
      result.entries += 1;
      progress.entries = result.entries;
      if (result.entries > limits.maxEntries) {
        result.stopped = { limit: 'max-entries', message: `stopped after ${limits.maxEntries} entries (--max-entries)` };
        break;
      }
      const stop = await visit(raw, { limits, totals, seen, sink });
      if (stop) {
        result.stopped = { limit: stop.limit, message: stop.message };
        break;
      }
    }
  } catch (error) {
    if (isBundleError(error)) throw error;
    // Broken before the first entry: there is nothing to report on.
    if (result.entries === 0) throw new BundleError(`cannot read ${input.path}: ${(error as Error).message}`);
    result.stopped = { limit: null, message: (error as Error).message };
  }
  result.contentBytes = totals.contentBytes;
  // A read error while hashing (EIO) leaves the hash unknown; it does not lose the report.
  result.sha256 = zipHash ? await zipHash.catch(() => null) : tarStats.sha256;
  return result;
}

interface VisitContext {
  limits: ArchiveLimits;
  totals: ByteTotals;
  seen: Set<string>;
  sink: ArchiveSink;
}

async function visit(raw: RawEntry, context: VisitContext): Promise<ArchiveStopError | null> {
  const { sink, seen } = context;
  const reject = (reason: string, name = raw.name) => sink.reject({ name, kind: raw.kind, reason, partlyRead: false });
  const check = checkEntryPath(raw.name);
  if (!check.ok) return (reject(check.reason), null);
  if (raw.kind === 'directory') return null;
  if (raw.kind === 'special') return (reject(`${raw.specialType ?? 'special file'}: ignored`, check.path), null);
  if (seen.has(check.path)) return (reject('duplicate name: only the first entry is read', check.path), null);
  seen.add(check.path);
  const refusal = raw.kind === 'file' ? sizeRefusal(raw, context.limits) : null;
  if (refusal) return (reject(refusal, check.path), null);

  let opened = false;
  const entry: ArchiveEntry = {
    path: check.path,
    kind: raw.kind,
    size: raw.size,
    linkTarget: raw.linkTarget,
    open: () => {
      if (raw.kind !== 'file') throw new Error(`${check.path} is a link, not a file`);
      if (opened) throw new Error(`${check.path} was already opened`);
      opened = true;
      return meteredContent(raw.open(), context.limits, context.totals);
    },
  };
  try {
    await sink.entry(entry);
    return null;
  } catch (error) {
    if (error instanceof ArchiveStopError) {
      sink.reject({ name: check.path, kind: raw.kind, reason: error.message, partlyRead: true });
      return error;
    }
    if (error instanceof EntryCutError) {
      sink.reject({ name: check.path, kind: raw.kind, reason: error.message, partlyRead: true });
      return null;
    }
    throw error;
  }
}

function sizeRefusal(raw: RawEntry, limits: ArchiveLimits): string | null {
  if (raw.size !== null && raw.size > limits.maxEntryBytes) {
    return `${formatBytes(raw.size)} is over the per-entry limit of ${formatBytes(limits.maxEntryBytes)} (--max-entry-bytes)`;
  }
  const { size, compressedSize } = raw;
  if (size !== null && compressedSize !== null && size > RATIO_CHECK_MIN_BYTES && size > limits.maxRatio * compressedSize) {
    const ratio = compressedSize > 0 ? Math.round(size / compressedSize) : Infinity;
    return `compression ratio ${ratio}:1 is over ${limits.maxRatio}:1 (--max-ratio); a zip bomb?`;
  }
  return null;
}

function rawEntries(input: InputInfo, limits: ArchiveLimits, tarStats: TarStreamStats, warnings: string[]): AsyncIterable<RawEntry> {
  let last = { message: '', count: 0 };
  const onWarning = (message: string) => {
    // A damaged header makes the parser skip block after block with the same complaint: say it once.
    if (message === last.message && warnings.length > 0) {
      last.count += 1;
      warnings[warnings.length - 1] = `${message} (${last.count} times)`;
      return;
    }
    last = { message, count: 1 };
    if (warnings.length < 100) warnings.push(message);
  };
  switch (input.kind) {
    case 'directory':
      return readDirectoryEntries(input.path);
    case 'zip':
      return readZipEntries(input.path);
    case 'tar':
      return readTarEntries(input.path, { compression: 'none', onWarning }, tarStats);
    case 'tar.gz':
    case 'tar.xz':
      return readTarEntries(input.path, { compression: input.kind === 'tar.gz' ? 'gzip' : 'xz', onWarning, onTarBytes: (stats) => checkStreamRatio(stats, limits) }, tarStats);
    case 'file':
      return readLoneFileEntry(input.path, input.bytes);
  }
}

function checkStreamRatio(stats: TarStreamStats, limits: ArchiveLimits): void {
  if (stats.tarBytes > RATIO_CHECK_MIN_BYTES && stats.tarBytes > limits.maxRatio * stats.compressedBytes) {
    throw new BundleError(
      `input expands more than ${limits.maxRatio}× (${formatBytes(stats.tarBytes)} from ${formatBytes(stats.compressedBytes)}); refusing a likely decompression bomb (raise --max-ratio to read it anyway)`,
    );
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
