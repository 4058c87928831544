import type { ArchiveReadResult } from '../archive/index.js';
import type { BundleInventory } from '../bundle/index.js';
import type { SourceData } from '../sources/index.js';
import { buildCoverage, type CoverageRow } from './coverage.js';
import { buildNodeFacts, type NodeFacts } from './node-facts.js';
import { mergeKernelSignals, mergeServiceEvents, type KernelSignalEvent, type ServiceEventRecord } from './merged-events.js';
import { analyzeOomKills, type OomAnalysis } from './oom-kills.js';
import { PodCatalog, type PodModel } from './pod-catalog.js';
import { redactionNote, type RedactionNote } from './redaction-note.js';
import { TimeModel, type BootClock, type ClockDisagreement, type TimeBasis } from './time-model.js';
import { timeInputs } from './time-inputs.js';
import { findUnrecordedOomKills, type UnrecordedOomKills } from './unrecorded-oom-kills.js';

export { buildCoverage, type CoverageRow, type CoverageState } from './coverage.js';
export { buildNodeFacts, type NodeFacts } from './node-facts.js';
export { decodeCgroupPath, normalisePodUid, type CgroupLevel, type CgroupOwner, type ContainerRuntime, type DecodedCgroup, type QosClass } from './cgroup-path.js';
export type { VictimCgroup } from './oom-attribution.js';
export { ownerName } from './owner-name.js';
export { redactionNote, type RedactionNote } from './redaction-note.js';
export { SEVERITIES, worstSeverity, type Severity } from './severity.js';
export { diskOf, kernelSignalSeverity, MINOR_DEVICE, serviceEventSeverity } from './event-severity.js';
export { classifyOomScoreAdj, impliedMemoryRequestBytes, type OomScoreClass } from './qos.js';
export { TimeModel, type BootClock, type BootClockSource, type ClockDisagreement, type EventTime, type TimeBasis, type TimeQuality } from './time-model.js';
export { EXCERPT_KILLS, type OomAnalysis, type OomEventWithoutKill, type OomKill, type OomKillDetail } from './oom-kills.js';
export { killPriority, killsToShow } from './oom-kill-priority.js';
export type { AttemptSummary, ContainerModel, PodModel } from './pod-catalog.js';
export type { Confidence, Corroboration, KillOutcome } from './oom-corroboration.js';
export type { LogLine } from './oom-logs.js';
export type { UnrecordedOomKills, UnrecordedScope, UnrecordedScopeKind } from './unrecorded-oom-kills.js';

export type { KernelSignalEvent, ServiceEventRecord, Timed } from './merged-events.js';
export { SAME_MONOTONIC_SECONDS, SAME_WALL_MS, type Place } from './event-copies.js';

/**
 * Everything known about the node, joined across sources; the only input of the rules. Parser
 * records that need no joining (stat snapshots, routes) are carried as they are.
 */
export interface NodeModel extends OomAnalysis {
  node: NodeFacts;
  /** The bundle was redacted by `podmortem redact` (its record at the bundle root), else null. */
  redaction: RedactionNote | null;
  coverage: CoverageRow[];
  /** How completely the archive itself was read. */
  bundle: { stopped: ArchiveReadResult['stopped']; rejectedEntries: number; cutEntries: number };
  boots: BootClock[];
  /** Where the collection time, the node's zone and the year of year-less stamps were taken from. */
  timeBasis: TimeBasis;
  /** Anchors of one boot that disagree by more than a second: the clock was stepped or drifted. */
  clockDisagreements: ClockDisagreement[];
  pods: PodModel[];
  /** One per kernel message, its copies in several files merged (event-copies.ts), in the order first read. */
  kernelSignals: KernelSignalEvent[];
  /** Lines seen per kind, every copy counted, kept or not. */
  kernelSignalCounts: SourceData['kernel']['signalCounts'];
  /** One per service event, its copies in several files merged (event-copies.ts), in the order first read. */
  serviceEvents: ServiceEventRecord[];
  /** Per kind: service events seen and kept (the reader keeps the first and last 500 of each kind). */
  serviceEventTotals: SourceData['journal']['eventTotals'];
  serviceLines: SourceData['journal']['counts'];
  vitals: Pick<SourceData, 'vmstat' | 'iostat' | 'top' | 'ps' | 'meminfo' | 'procVmstat' | 'procStat' | 'loadavg' | 'pressure' | 'df' | 'dfInodes' | 'free'>;
  network: Pick<SourceData, 'sockets' | 'routes' | 'ipv6Routes'>;
  system: Pick<SourceData, 'osRelease' | 'uname' | 'kubeletFlags' | 'kubeletConfig' | 'journalDiskUsage'>;
  cgroups: SourceData['cgroup']['cgroups'];
  /** OOM kills the kernel's counters count and the bundle's kernel evidence does not show. */
  unrecordedOomKills: UnrecordedOomKills;
  crictl: SourceData['crictl'];
}

/** printk and CLOCK_MONOTONIC differ by milliseconds; a second or more is a stepped or drifting clock. */
const CLOCK_TOLERANCE_MS = 1_000;

export function buildNodeModel(sources: SourceData, inventory: BundleInventory, archive: Pick<ArchiveReadResult, 'stopped'> = { stopped: null }): NodeModel {
  const time = new TimeModel(timeInputs(sources));
  const catalog = new PodCatalog(sources, time);
  const node = buildNodeFacts(sources.manifest, inventory.root, sources, inventory.loneFile ?? null, time.basis);
  const oom = analyzeOomKills({ sources, catalog, time, nodeMemoryBytes: node.memoryBytes });
  const kernelSignals = mergeKernelSignals(sources.kernel.signals, time);
  const serviceEvents = mergeServiceEvents(sources.journal.events, time);
  const unrecordedOomKills = findUnrecordedOomKills({ sources, catalog, time, oomKills: oom.oomKills });
  // Said once every stamp has been resolved: which ones lacked a year or a zone is known only then.
  node.notes.push(...time.notes());
  return {
    node,
    redaction: redactionNote(sources.redactionRecord, 'bundle'),
    timeBasis: time.basis,
    coverage: buildCoverage(inventory, sources.manifest, sources.parseIssueCounts),
    bundle: { stopped: archive.stopped, rejectedEntries: inventory.rejectedCount, cutEntries: inventory.rejected.filter((entry) => entry.partlyRead).length },
    boots: time.boots,
    clockDisagreements: time.disagreements(CLOCK_TOLERANCE_MS),
    pods: catalog.all,
    ...oom,
    kernelSignals,
    kernelSignalCounts: sources.kernel.signalCounts,
    serviceEvents,
    serviceEventTotals: sources.journal.eventTotals,
    serviceLines: sources.journal.counts,
    vitals: pick(sources, ['vmstat', 'iostat', 'top', 'ps', 'meminfo', 'procVmstat', 'procStat', 'loadavg', 'pressure', 'df', 'dfInodes', 'free']),
    network: pick(sources, ['sockets', 'routes', 'ipv6Routes']),
    system: pick(sources, ['osRelease', 'uname', 'kubeletFlags', 'kubeletConfig', 'journalDiskUsage']),
    cgroups: sources.cgroup.cgroups,
    unrecordedOomKills,
    crictl: sources.crictl,
  };
}

function pick<T, K extends keyof T>(object: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, object[key]])) as Pick<T, K>;
}
