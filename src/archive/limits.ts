import { formatBytes } from '../util/format-bytes.js';

export { formatBytes };

/**
 * Limits that keep a hostile or broken archive from exhausting memory, disk or time.
 * The defaults are generous for real node bundles (the collector's own budget is 256 MiB
 * uncompressed) and documented in the README.
 */
export interface ArchiveLimits {
  /** Total uncompressed bytes read from all entries, nested `.gz` files included. */
  maxBytes: number;
  /** Entries of any kind (files, directories, links). */
  maxEntries: number;
  /** Uncompressed bytes of one entry (after decoding a nested `.gz`). */
  maxEntryBytes: number;
  /** Uncompressed ÷ compressed size, for the archive stream and for each compressed entry. */
  maxRatio: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxBytes: 16 * GiB,
  maxEntries: 100_000,
  maxEntryBytes: 4 * GiB,
  maxRatio: 200,
};

/** Below this many uncompressed bytes a high ratio is harmless and not checked (tiny files compress well). */
export const RATIO_CHECK_MIN_BYTES = 8 * MiB;

/** Which limit stopped the read of the whole archive. */
export type LimitName = 'max-bytes' | 'max-entries' | 'max-entry-bytes' | 'max-ratio';

/** Parses `512`, `64K`, `256M`, `8G`, `1T` (binary units, optional trailing `B`/`iB`). */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return null;
  const units: Record<string, number> = { '': 1, k: 1024, m: MiB, g: GiB, t: 1024 * GiB };
  const value = Number(match[1]) * (units[(match[2] ?? '').toLowerCase()] ?? 1);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
}
