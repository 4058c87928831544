import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type LoneFileFacts } from '../bundle/index.js';
import type { BundleManifest, RunMode, SourceData } from '../sources/index.js';
import type { TimeBasis } from './time-basis.js';

/** What is known about the node and the collection, and where it came from. */
export interface NodeFacts {
  name: string | null;
  /** `manifest`, or the bundle folder name `podmortem-<node>-<stamp>` when there is no manifest. */
  nameFrom: 'manifest' | 'bundle-folder' | null;
  collector: string | null;
  collectionStart: string | null;
  collectionEnd: string | null;
  /** Start of the window the collector gathered (its `--since`). */
  windowStart: string | null;
  mode: RunMode | null;
  /** Why a debug-pod run fell back to nsenter or read-only collection. */
  modeNote: string | null;
  timezone: string | null;
  bootId: string | null;
  uptimeSeconds: number | null;
  manifest: 'present' | 'absent';
  /** `uname -r`, else the last `Linux version` line of the kernel log. */
  kernelRelease: string | null;
  /** os-release PRETTY_NAME. */
  os: string | null;
  /** CPU cores (/proc/stat cpuN lines). */
  cores: number | null;
  /** Total RAM (/proc/meminfo MemTotal), the kubelet's "node memory capacity". */
  memoryBytes: number | null;
  /** Things about the bundle itself a reader should know (format version, odd values). */
  notes: string[];
}

const FOLDER_NAME = /^podmortem-(.+)-(\d{8}T\d{6}Z)\/?$/;

type SystemSources = Pick<SourceData, 'uname' | 'osRelease' | 'procStat' | 'meminfo' | 'kernel'>;

export function buildNodeFacts(
  manifest: BundleManifest | null,
  bundleRoot: string,
  sources: SystemSources | null = null,
  loneFile: LoneFileFacts | null = null,
  time: TimeBasis | null = null,
): NodeFacts {
  const folder = FOLDER_NAME.exec(bundleRoot);
  const folderTime = folder?.[2] ? stampToIso(folder[2]) : null;
  const collector = manifest?.collector.name ? [manifest.collector.name, manifest.collector.version].filter(Boolean).join(' ') : null;
  return {
    name: manifest?.node ?? folder?.[1] ?? null,
    nameFrom: manifest?.node ? 'manifest' : folder ? 'bundle-folder' : null,
    collector,
    // Another collector's `date --utc` (or `date` with a known zone) when there is no manifest.
    collectionStart: manifest?.collection.start ?? folderTime ?? (time?.collectedFrom && time.collectedFrom !== 'manifest' ? time.collectedAt : null),
    collectionEnd: manifest?.collection.end ?? null,
    windowStart: manifest?.collection.since ?? null,
    mode: manifest?.collection.mode ?? null,
    modeNote: manifest?.collection.modeNote ?? null,
    timezone: manifest?.anchors.timezone ?? null,
    bootId: manifest?.anchors.bootId ?? null,
    uptimeSeconds: manifest?.anchors.uptimeSeconds ?? null,
    manifest: manifest ? 'present' : 'absent',
    kernelRelease: sources?.uname?.kernelRelease ?? sources?.kernel.boots.at(-1)?.release ?? null,
    os: sources?.osRelease?.prettyName ?? sources?.osRelease?.name ?? null,
    cores: sources?.procStat?.cores || null,
    memoryBytes: sources?.meminfo?.memTotalKib ? sources.meminfo.memTotalKib * 1024 : null,
    notes: loneFile ? [loneFileNote(loneFile)] : formatNotes(manifest),
  };
}

/** A lone file is not a bundle without a manifest: nothing was collected, one file was given. */
function loneFileNote({ title, source, unknown }: LoneFileFacts): string {
  return `The input is one ${title} file, not a bundle: it was read as the ${source} source, and the other sources are not present. What it cannot tell: ${unknown}.`;
}

function formatNotes(manifest: BundleManifest | null): string[] {
  if (!manifest) return ['The bundle has no manifest: whatever known files exist were read, but what the collector could not collect is unknown.'];
  const notes: string[] = [];
  if (manifest.format !== BUNDLE_FORMAT) notes.push(`The manifest names format "${manifest.format ?? 'none'}", not ${BUNDLE_FORMAT}; known paths were read anyway.`);
  if (manifest.formatVersion !== null && manifest.formatVersion > BUNDLE_FORMAT_VERSION) {
    notes.push(`Bundle format version ${manifest.formatVersion} is newer than this analyzer knows (${BUNDLE_FORMAT_VERSION}); known paths were read.`);
  }
  return notes;
}

function stampToIso(stamp: string): string {
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
}
