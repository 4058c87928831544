/**
 * Every kernel OOM kill, attributed to its pod, container and QoS class, with the container's
 * last words and how sure we are. `OomKill` is the JSON contract of issue 5 (README, "JSON
 * report"): exactly these fields, null where the evidence does not show the value.
 * `OomKillDetail` (same index) holds what the page needs beyond it.
 */
import type { OomEvent, OomVictim, SourceData } from '../sources/index.js';
import { decodeCgroupPath, type CgroupLevel, type QosClass } from './cgroup-path.js';
import { attributeVictim, oomScope, victimCgroupOf, type Attribution, type AttributionMethod, type AttributionSource, type OomScope, type QosEvidence, type VictimCgroup } from './oom-attribution.js';
import { cappedConfidence, confidenceReasons, LostLinesMarkers, type ConfidenceReason, type LinesLostNearKill } from './oom-kill-caveats.js';
import { corroborate, type Confidence, type Corroboration, type KillOutcome } from './oom-corroboration.js';
import { mergeOomEvents, type MergedOomEvent } from './oom-events.js';
import { killPriority } from './oom-kill-priority.js';
import { AttemptIndex, killLogs, type LogLine } from './oom-logs.js';
import type { PodCatalog } from './pod-catalog.js';
import { impliedMemoryRequestBytes } from './qos.js';
import type { TimeModel, TimeQuality } from './time-model.js';

export interface OomKill {
  /** `oom-kill-<n>`, n its place in `oomKills` counted from 1: what incidents reference. */
  id: string;
  time: string | null;
  timeText: string;
  timeQuality: TimeQuality;
  bootId: string | null;
  pid: number;
  process: string;
  uid: number | null;
  /** `killed`: a `Killed process` line · `summary-only`: that line is lost; the `oom-kill:` summary printed right before it names the victim. */
  kernelOutcome: 'killed' | 'summary-only';
  scope: OomScope | null;
  limitLevel: CgroupLevel | null;
  constraint: string | null;
  oomMemcg: string | null;
  taskMemcg: string | null;
  podUid: string | null;
  containerId: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  qosClass: QosClass | null;
  qosEvidence: QosEvidence | null;
  /** The line the pod and container come from (null when nothing names them). */
  attributionSource: AttributionSource | null;
  oomScoreAdj: number | null;
  totalVmKb: number | null;
  anonRssKb: number | null;
  fileRssKb: number | null;
  shmemRssKb: number | null;
  memoryUsageKb: number | null;
  memoryLimitKb: number | null;
  confidence: Confidence;
  /** Why the confidence is not higher; [] when it is high. */
  confidenceReasons: ConfidenceReason[];
  corroboratedBy: Corroboration[];
  /** Where the kernel or journald said lines were dropped around the kill (up to 5). */
  linesLost: LinesLostNearKill[];
  logBefore: LogLine[];
  evidence: { path: string; line: number | null }[];
}

export interface OomKillDetail {
  outcome: KillOutcome;
  /** The attempt (`N.log`) that was running, and whether `N+1.log` followed. */
  attempt: number | null;
  restarted: boolean;
  logAfter: LogLine[];
  contradictions: string[];
  /** How the pod was found, and which source named the container. */
  attribution: AttributionMethod | null;
  containerNamedBy: string | null;
  /** The victim's cgroup beyond pod and container: a container outside Kubernetes (`owner: 'runtime'`), conmon's scope, the node prefix. */
  victimCgroup: VictimCgroup | null;
  /** Both QoS readings: where they disagree the page shows both. */
  qos: Attribution['qos'];
  /** For Burstable: the memory request the score implies (node memory × (1000 − adj) / 1000). */
  impliedRequestBytes: number | null;
  /** The task that allocated and invoked the killer: often not the victim. */
  trigger: { process: string; oomScoreAdj: number } | null;
  /** `memory.oom.group`: several processes died in one event. */
  groupKill: boolean;
  sandbox: boolean;
  /** The files the kill was reported in (dmesg, kern.log, journal). */
  seenIn: string[];
  /** Log lines were dropped to keep the report bounded: only EXCERPT_KILLS kills carry them. */
  logsOmitted: boolean;
}

export interface OomEventWithoutKill {
  time: string | null;
  timeText: string;
  timeQuality: TimeQuality;
  bootId: string | null;
  /** Why no process died: the victim was already exiting, nothing was killable, the node panicked, or no kill line was seen. */
  outcome: OomEvent['outcome'];
  /** What the text shows is missing from the report: `kill-line-missing`, `cut-by-next-report`, `lines-lost-inside`. */
  gaps: OomEvent['gaps'];
  scope: OomScope | null;
  limitLevel: CgroupLevel | null;
  constraint: string | null;
  oomMemcg: string | null;
  taskMemcg: string | null;
  podUid: string | null;
  process: string | null;
  memoryUsageKb: number | null;
  memoryLimitKb: number | null;
  evidence: { path: string; line: number | null }[];
}

export interface OomAnalysis {
  oomKills: OomKill[];
  oomKillDetails: OomKillDetail[];
  oomEventsWithoutKill: OomEventWithoutKill[];
}

/**
 * How many kills keep their log lines (chosen by killPriority: the latest kill of every container
 * first). Each carries up to 30 lines of up to 2 KiB; without a cap, a bundle with thousands of
 * kills would make the report grow with the bundle.
 */
export const EXCERPT_KILLS = 200;

interface Context {
  sources: SourceData;
  catalog: PodCatalog;
  time: TimeModel;
  nodeMemoryBytes: number | null;
}

export function analyzeOomKills(context: Context): OomAnalysis {
  const analysis: OomAnalysis = { oomKills: [], oomKillDetails: [], oomEventsWithoutKill: [] };
  const attempts = new AttemptIndex(context.sources.podLogs.attempts, context.time, context.sources.podLogs.windows);
  const lostLines = new LostLinesMarkers(context.sources.kernel.lostLines, context.time);
  const takeLines: (() => void)[] = [];
  for (const merged of mergeOomEvents(context.sources.kernel.oomEvents, context.time)) {
    if (merged.event.victims.length === 0) {
      analysis.oomEventsWithoutKill.push(eventWithoutKill(merged));
      continue;
    }
    for (const victim of merged.event.victims) {
      const { kill, detail, lines } = analyzeKill(merged, victim, context, attempts, lostLines);
      kill.id = `oom-kill-${analysis.oomKills.length + 1}`;
      analysis.oomKills.push(kill);
      analysis.oomKillDetails.push(detail);
      takeLines.push(lines);
    }
  }
  // Only the kills shown with their lines take them (a crash loop's thousands of others would
  // cut and copy lines to drop them again).
  const priority = killPriority(analysis.oomKills);
  for (const index of priority.slice(0, EXCERPT_KILLS)) (takeLines[index] as () => void)();
  attempts.readAgainFor(priority.slice(0, EXCERPT_KILLS).map((index) => analysis.oomKills[index] as OomKill));
  for (const index of priority.slice(EXCERPT_KILLS)) {
    (analysis.oomKills[index] as OomKill).logBefore = [];
    Object.assign(analysis.oomKillDetails[index] as OomKillDetail, { logAfter: [], logsOmitted: true });
  }
  return analysis;
}

function analyzeKill(merged: MergedOomEvent, victim: OomVictim, context: Context, attempts: AttemptIndex, lostLines: LostLinesMarkers): { kill: OomKill; detail: OomKillDetail; lines: () => void } {
  const { event } = merged;
  const time = context.time.resolve(victim.stamp);
  const attribution = attributeVictim(merged, victim, time, context);
  const { logs, takeLines } = killLogs({ podUid: attribution.podUid, container: attribution.container, attempt: attribution.attempt, killMs: time.utcMs }, attempts, context.time);
  const container = attribution.container ?? logs.containerFromBoundary;
  const agreement = corroborate({ pid: victim.pid, killMs: time.utcMs, attribution, logs }, context);
  const memory = event.memory && attribution.scope === 'memcg' ? event.memory : null;
  const linesLost = lostLines.near({ time, victim, file: event.file });
  const reasons = confidenceReasons(event, victim, attribution, agreement, linesLost);
  const kill: OomKill = {
    id: '',
    time: time.utc,
    timeText: time.text,
    timeQuality: time.quality,
    bootId: time.bootId,
    pid: victim.pid,
    process: victim.comm,
    uid: victim.uid ?? (event.chosen?.pid === victim.pid ? event.chosen.uid : null),
    kernelOutcome: victim.killLine ? 'killed' : 'summary-only',
    scope: attribution.scope,
    limitLevel: attribution.limitLevel,
    constraint: event.constraint,
    oomMemcg: event.oomMemcg,
    taskMemcg: event.taskMemcg,
    podUid: attribution.podUid,
    containerId: attribution.containerId,
    namespace: attribution.namespace,
    pod: attribution.pod,
    container,
    qosClass: attribution.qosClass,
    qosEvidence: attribution.qosEvidence,
    attributionSource: attribution.source,
    oomScoreAdj: attribution.oomScoreAdj,
    totalVmKb: victim.totalVmKb,
    anonRssKb: victim.anonRssKb,
    fileRssKb: victim.fileRssKb,
    shmemRssKb: victim.shmemRssKb,
    memoryUsageKb: memory?.usageKb ?? null,
    memoryLimitKb: memory?.limitKb ?? null,
    confidence: cappedConfidence(agreement.confidence, reasons),
    confidenceReasons: reasons,
    corroboratedBy: agreement.corroboratedBy,
    linesLost,
    logBefore: logs.logBefore,
    evidence: [...merged.evidence, ...agreement.evidence],
  };
  const detail: OomKillDetail = {
    outcome: agreement.outcome,
    attempt: logs.attempt?.attempt ?? attribution.attempt,
    restarted: logs.restartBoundary,
    logAfter: logs.logAfter,
    contradictions: agreement.contradictions,
    attribution: attribution.method,
    containerNamedBy: attribution.container ? attribution.namesFrom : logs.containerFromBoundary ? 'restart-boundary' : null,
    victimCgroup: victimCgroupOf(attribution),
    qos: attribution.qos,
    impliedRequestBytes:
      attribution.qosClass === 'Burstable' && attribution.oomScoreAdj !== null && context.nodeMemoryBytes ? impliedMemoryRequestBytes(attribution.oomScoreAdj, context.nodeMemoryBytes) : null,
    trigger: event.trigger ? { process: event.trigger.comm, oomScoreAdj: event.trigger.oomScoreAdj } : null,
    groupKill: event.groupKill !== null,
    sandbox: attribution.sandbox,
    seenIn: merged.files,
    logsOmitted: false,
  };
  return { kill, detail, lines: takeLines };
}

function eventWithoutKill(merged: MergedOomEvent): OomEventWithoutKill {
  const { event, time } = merged;
  return {
    time: time.utc,
    timeText: time.text,
    timeQuality: time.quality,
    bootId: time.bootId,
    outcome: event.outcome,
    gaps: event.gaps,
    ...oomScope(event),
    constraint: event.constraint,
    oomMemcg: event.oomMemcg,
    taskMemcg: event.taskMemcg,
    podUid: decodeCgroupPath(event.taskMemcg ?? event.oomMemcg ?? '').podUid,
    process: event.trigger?.comm ?? event.exitingVictim?.comm ?? null,
    memoryUsageKb: event.memory?.usageKb ?? null,
    memoryLimitKb: event.memory?.limitKb ?? null,
    evidence: merged.evidence,
  };
}
