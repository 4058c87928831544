export { detectInput, type InputInfo, type InputKind } from './detect.js';
export type { ArchiveEntry, EntryKind, RejectedEntry } from './entry.js';
export { DEFAULT_LIMITS, formatBytes, parseByteSize, type ArchiveLimits, type LimitName } from './limits.js';
export { readArchive, type ArchiveProgress, type ArchiveReadResult, type ArchiveSink } from './read-archive.js';
export { ArchiveStopError, EntryCutError } from './metered-content.js';
