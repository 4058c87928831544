/** What every archive reader yields, whatever the format. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'special';

export interface RawEntry {
  /** The name as stored in the archive (decoded; not yet checked). */
  name: string;
  kind: EntryKind;
  /** Declared uncompressed size in bytes, when the format records one. */
  size: number | null;
  /** Declared compressed size (zip only): used for the per-entry ratio check. */
  compressedSize: number | null;
  /** Target of a symlink or hard link: metadata only, never followed. */
  linkTarget: string | null;
  /** Human name of a special entry (`character device`, `FIFO`, …). */
  specialType: string | null;
  /** The entry's bytes as stored; for `file` entries only, valid only during the visit. */
  open(): AsyncIterable<Buffer>;
}

/** An entry that passed the path policy, handed to the bundle stage. */
export interface ArchiveEntry {
  /** The checked, normalised relative path. */
  path: string;
  kind: 'file' | 'symlink' | 'hardlink';
  size: number | null;
  linkTarget: string | null;
  /**
   * The entry's content, decompressed when it is itself a gzip stream (a rotated `N.log.….gz`),
   * counted against the limits. Valid only during the visit; reading it is optional.
   */
  open(): AsyncIterable<Buffer>;
}

/**
 * An entry the policy refused, or whose content was cut short (a limit, corrupt data); listed in
 * the report's data coverage. `partlyRead` entries were analyzed up to the cut.
 */
export interface RejectedEntry {
  name: string;
  kind: EntryKind;
  reason: string;
  partlyRead: boolean;
}
