import type { RejectedEntry } from '../archive/index.js';
import type { InputFormat } from './format-layout.js';
import type { SourceId } from './layout.js';
import type { LoneFileFacts } from './lone-file.js';
import { SortedSample } from './sorted-sample.js';

/** What the bundle held, per source, kept bounded however many entries there are. */
export interface BundleInventory {
  /** The folder inside the archive that holds the bundle ('' when entries sit at the top). */
  root: string;
  /**
   * The archive's own top: the one folder every entry is in, else ''. `podmortem redact` writes
   * its record there, so the notes about the bundle (`aboutBundle` sources) are read there, not
   * at `root`: they differ for a wrapped copy (`var/` around `var/log/`).
   */
  top: string;
  /** Whose layout the bundle follows, detected from all entry names. */
  format: InputFormat;
  sources: Partial<Record<SourceId, SourceFiles>>;
  /** Entries refused by the archive policy or cut short, the first MAX_LISTED by name. */
  rejected: RejectedEntry[];
  rejectedCount: number;
  /** Files no source reads: counted, with a sample of names (the first by name). */
  unused: { count: number; sample: string[] };
  /** Set when the input was one log file rather than a bundle. */
  loneFile?: LoneFileFacts;
}

export interface SourceFiles {
  files: number;
  bytes: number;
  /** The first MAX_PATHS paths by name: the files that fed the source. */
  paths: string[];
}

export const MAX_LISTED = 500;
export const MAX_UNUSED_SAMPLE = 50;
const MAX_PATHS = 20;

/** What one candidate root would read: its sources' files, counted the same whatever the order. */
export class SourceInventory {
  private readonly files = new Map<SourceId, { files: number; bytes: number; paths: SortedSample<string> }>();

  used(source: SourceId, path: string, bytes: number): void {
    let entry = this.files.get(source);
    if (!entry) this.files.set(source, (entry = { files: 0, bytes: 0, paths: new SortedSample<string>(MAX_PATHS, (p) => p) }));
    entry.files += 1;
    entry.bytes += bytes;
    entry.paths.add(path);
  }

  sources(): Partial<Record<SourceId, SourceFiles>> {
    const out: Partial<Record<SourceId, SourceFiles>> = {};
    for (const [source, entry] of [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out[source] = { files: entry.files, bytes: entry.bytes, paths: entry.paths.sorted() };
    }
    return out;
  }
}
