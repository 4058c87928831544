import { formatBytes, RATIO_CHECK_MIN_BYTES, type ArchiveLimits, type LimitName } from './limits.js';
import { peekStream } from '../util/peek-stream.js';
import { ArchiveBreakError } from './archive-break.js';
import { gunzipMembers } from './gzip-members.js';

/** The content of one entry could not be read to its end; the entry is listed as cut. */
export class EntryCutError extends Error {
  override readonly name = 'EntryCutError';
}

/** A limit for the whole archive was reached; reading stops and the report says so. */
export class ArchiveStopError extends Error {
  override readonly name = 'ArchiveStopError';
  constructor(
    readonly limit: LimitName,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes delivered to consumers across the whole archive. */
export interface ByteTotals {
  contentBytes: number;
}

/**
 * An entry's content as consumers see it: a nested gzip stream (rotated `N.log.….gz`) is
 * decompressed, recognised by its magic bytes rather than its name, and every byte counts
 * against the per-entry and total limits.
 */
export async function* meteredContent(raw: AsyncIterable<Buffer>, limits: ArchiveLimits, totals: ByteTotals): AsyncGenerator<Buffer> {
  const counter = { rawBytes: 0 };
  let entryBytes = 0;
  try {
    const { chunks, gzip } = await decodeNested(countRaw(raw, counter));
    for await (const chunk of chunks) {
      entryBytes += chunk.length;
      totals.contentBytes += chunk.length;
      if (totals.contentBytes > limits.maxBytes) {
        throw new ArchiveStopError('max-bytes', `stopped reading after ${formatBytes(limits.maxBytes)} of content (--max-bytes)`);
      }
      if (entryBytes > limits.maxEntryBytes) {
        throw new EntryCutError(`cut at ${formatBytes(limits.maxEntryBytes)}, the per-entry limit (--max-entry-bytes)`);
      }
      if (gzip && entryBytes > RATIO_CHECK_MIN_BYTES && entryBytes > limits.maxRatio * counter.rawBytes) {
        throw new EntryCutError(`cut: gzip content expands more than ${limits.maxRatio}× (--max-ratio); a decompression bomb?`);
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof EntryCutError || error instanceof ArchiveStopError) throw error;
    // A rotated log's own gzip is cut or corrupt: what came before the break was read.
    if (error instanceof ArchiveBreakError) throw new EntryCutError(`cut: its gzip data breaks at byte ${error.atByte}: ${error.what}`);
    throw new EntryCutError(`content unreadable: ${(error as Error).message}`);
  }
}

async function* countRaw(raw: AsyncIterable<Buffer>, counter: { rawBytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of raw) {
    counter.rawBytes += chunk.length;
    yield chunk;
  }
}

async function decodeNested(raw: AsyncIterable<Buffer>): Promise<{ chunks: AsyncIterable<Buffer>; gzip: boolean }> {
  const { head, content } = await peekStream(raw, (bytes) => bytes >= 2);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  // Bytes after a nested gzip's last member are ignored, as `gzip -d` does; only the archive's own are reported.
  return { chunks: gzip ? gunzipMembers(content, () => undefined) : content, gzip };
}
