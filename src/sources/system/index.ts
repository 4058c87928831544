/**
 * System file readers (system/ in the bundle, and the kubelet's configuration file, which the
 * layout files under runtime/): one `SourceReader` factory per SourceId; each result is null when
 * the bundle has no such file. (`journalBoots` belongs to the journal readers.)
 */
import type { SourceId } from '../../bundle/index.js';
import type { SourceReader } from '../source-reader.js';
import { createJournalDiskUsageReader } from './journal-disk-usage.js';
import { createKubeletConfigReader } from './kubelet-config.js';
import { createKubeletFlagsReader } from './kubelet-flags.js';
import { createOsReleaseReader } from './os-release.js';
import { createUnameReader } from './uname.js';
import { createCollectionClockReader } from './collection-clock.js';

export { createJournalDiskUsageReader, type JournalDiskUsage } from './journal-disk-usage.js';
export { createKubeletConfigReader, type KubeletConfig } from './kubelet-config.js';
export { createKubeletFlagsReader, type KubeletFlags } from './kubelet-flags.js';
export { createOsReleaseReader, type OsRelease } from './os-release.js';
export { createUnameReader, type UnameInfo } from './uname.js';
export { createCollectionClockReader, type CollectionClock } from './collection-clock.js';

/** One fresh reader per system source, for the sources stage to wire in. */
export function createSystemReaders() {
  return {
    osRelease: createOsReleaseReader(),
    uname: createUnameReader(),
    kubeletFlags: createKubeletFlagsReader(),
    kubeletConfig: createKubeletConfigReader(),
    journalDiskUsage: createJournalDiskUsageReader(),
    collectionClock: createCollectionClockReader(),
  } satisfies Partial<Record<SourceId, SourceReader<unknown>>>;
}

export type SystemReaders = ReturnType<typeof createSystemReaders>;
/** What the system readers produced, by source. */
export type SystemData = { [K in keyof SystemReaders]: ReturnType<SystemReaders[K]['result']> };
