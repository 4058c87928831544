import type { RejectedEntry } from '../archive/index.js';
import type { SourceId } from './layout.js';
import type { LoneFileFacts } from './lone-file.js';

/** What the bundle held, per source, kept bounded however many entries there are. */
export interface BundleInventory {
  /** The folder inside the archive that holds the bundle ('' when entries sit at the top). */
  root: string;
  sources: Partial<Record<SourceId, SourceFiles>>;
  /** Entries refused by the archive policy or cut short, the first MAX_LISTED of them. */
  rejected: RejectedEntry[];
  rejectedCount: number;
  /** Files no source reads: counted, with a sample of names. */
  unused: { count: number; sample: string[] };
  /** Set when the input was one log file rather than a bundle. */
  loneFile?: LoneFileFacts;
}

export interface SourceFiles {
  files: number;
  bytes: number;
  /** The first MAX_PATHS paths, in archive order. */
  paths: string[];
}

export const MAX_LISTED = 500;
const MAX_PATHS = 20;
const MAX_UNUSED_SAMPLE = 50;

export class InventoryBuilder {
  private readonly inventory: BundleInventory = {
    root: '',
    sources: {},
    rejected: [],
    rejectedCount: 0,
    unused: { count: 0, sample: [] },
  };

  used(source: SourceId, path: string, bytes: number): void {
    const files = (this.inventory.sources[source] ??= { files: 0, bytes: 0, paths: [] });
    files.files += 1;
    files.bytes += bytes;
    if (files.paths.length < MAX_PATHS) files.paths.push(path);
  }

  lone(facts: LoneFileFacts): void {
    this.inventory.loneFile = facts;
  }

  unused(path: string): void {
    this.inventory.unused.count += 1;
    if (this.inventory.unused.sample.length < MAX_UNUSED_SAMPLE) this.inventory.unused.sample.push(path);
  }

  rejected(entry: RejectedEntry): void {
    this.inventory.rejectedCount += 1;
    if (this.inventory.rejected.length < MAX_LISTED) this.inventory.rejected.push(entry);
  }

  finish(root: string | null): BundleInventory {
    this.inventory.root = root ?? '';
    return this.inventory;
  }
}
