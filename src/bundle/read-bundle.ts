import { readArchive, type ArchiveEntry, type ArchiveLimits, type ArchiveProgress, type ArchiveReadResult, type InputInfo } from '../archive/index.js';
import { InventoryBuilder, type BundleInventory } from './inventory.js';
import { sourceLayout, type SourceId } from './layout.js';
import { BundleRoot, matchSource } from './match-source.js';
import { loneBundleFile } from './lone-file.js';

/** One file of a logical source, as the sources stage sees it. */
export interface BundleFile {
  /** Path relative to the bundle root, e.g. `pods/default_web_0b1c…/app/0.log`. */
  path: string;
  source: SourceId;
  /** Which of the source's candidate paths matched: lower is preferred. */
  candidate: number;
  kind: 'file' | 'symlink';
  size: number | null;
  /** For a symlink: where it points (the `/var/log/containers` table). Never followed. */
  linkTarget: string | null;
  /** The file's content (decompressed if gzip); valid only while the consumer runs. */
  open(): AsyncIterable<Buffer>;
}

export interface BundleReadResult {
  inventory: BundleInventory;
  archive: ArchiveReadResult;
}

/**
 * Reads the input once, in archive order, naming each entry by the layout table and handing
 * the files of known sources to `consume`. Links are metadata: kept where the layout says they
 * are data, refused elsewhere.
 */
export async function readBundle(input: InputInfo, limits: ArchiveLimits, consume: (file: BundleFile) => Promise<void>, progress?: ArchiveProgress): Promise<BundleReadResult> {
  const inventory = new InventoryBuilder();
  const root = new BundleRoot();
  const archive = await readArchive(input, limits, {
    reject: (entry) => inventory.rejected(entry),
    entry: async (entry) => {
      if (input.kind === 'file') return consumeLoneFile(entry, input.bytes, inventory, consume);
      const path = root.relative(entry.path);
      const match = path === null ? null : matchSource(path);
      if (entry.kind !== 'file' && !(entry.kind === 'symlink' && match && sourceLayout(match.source).linksAreData)) {
        const what = entry.kind === 'hardlink' ? 'hard link' : 'symbolic link';
        const reason = `${what} to ${entry.linkTarget ?? '?'}: links are not followed`;
        return inventory.rejected({ name: entry.path, kind: entry.kind, reason, partlyRead: false });
      }
      if (path === null || !match) return inventory.unused(entry.path);
      inventory.used(match.source, path, entry.size ?? 0);
      await consume({
        path,
        source: match.source,
        candidate: match.candidate,
        kind: entry.kind === 'symlink' ? 'symlink' : 'file',
        size: entry.size,
        linkTarget: entry.linkTarget,
        open: () => entry.open(),
      });
    },
  }, progress);
  return { inventory: inventory.finish(root.detected), archive };
}

/** A lone log file: its content, not a layout, names its source (lone-file.ts). */
async function consumeLoneFile(entry: ArchiveEntry, fileBytes: number | null, inventory: InventoryBuilder, consume: (file: BundleFile) => Promise<void>): Promise<void> {
  const { file, facts } = await loneBundleFile(entry);
  inventory.lone(facts);
  inventory.used(file.source, file.path, fileBytes ?? 0);
  await consume(file);
}
