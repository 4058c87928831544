/**
 * Which independent sources agree that this kill hit this container (domain-facts §4.3–4.4):
 * the kernel record itself, containerd's TaskOOM, the kubelet, the restart boundary in the pod's
 * logs, the cgroup's OOM counters, and crictl's exit reason `OOMKilled`. What disagrees is listed,
 * not hidden; the confidence follows from both.
 */
import type { SourceData } from '../sources/index.js';
import { decodeCgroupPath } from './cgroup-path.js';
import type { Attribution } from './oom-attribution.js';
import type { KillLogs } from './oom-logs.js';
import type { PodCatalog } from './pod-catalog.js';
import type { TimeModel } from './time-model.js';

/**
 * `crictl-exit-137`: crictl says the container died of SIGKILL at the kill. On cgroup v1 a
 * node-wide OOM kill is not seen by containerd's OOM watcher, so the reason reads `Error`, not
 * `OOMKilled`: that agrees with the kernel rather than contradicting it.
 */
export type Corroboration = 'kernel' | 'containerd-task-oom' | 'kubelet' | 'restart-boundary' | 'cgroup-oom-counter' | 'crictl-oomkilled' | 'crictl-exit-137';
export type Confidence = 'high' | 'medium' | 'low';
export type KillOutcome = 'container-ended' | 'container-kept-running' | 'unknown';

export interface Agreement {
  corroboratedBy: Corroboration[];
  contradictions: string[];
  confidence: Confidence;
  outcome: KillOutcome;
  evidence: { path: string; line: number | null }[];
}

interface KillFacts {
  pid: number;
  killMs: number | null;
  attribution: Attribution;
  logs: KillLogs;
}

/** A runtime or kubelet record this long before or after the kill belongs to it. */
const WINDOW_MS = 60_000;
/** The kubelet notices a dead container within its sync loop; allow longer after the kill. */
const KUBELET_AFTER_MS = 300_000;

export function corroborate(kill: KillFacts, context: { sources: SourceData; catalog: PodCatalog; time: TimeModel }): Agreement {
  const found: Agreement = { corroboratedBy: ['kernel'], contradictions: [], confidence: 'low', outcome: 'unknown', evidence: [] };
  const add = (source: Corroboration, evidence: { path: string; line: number | null }) => {
    if (!found.corroboratedBy.includes(source)) found.corroboratedBy.push(source);
    found.evidence.push(evidence);
  };
  checkServiceEvents(kill, context, add);
  if (kill.logs.restartBoundary && kill.logs.attempt) add('restart-boundary', { path: kill.logs.attempt.files.at(-1)?.path ?? kill.logs.attempt.podPath, line: kill.logs.attempt.lastLine });
  checkCgroupCounters(kill, context.sources, add);
  const crictlReason = checkCrictl(kill, context, add);
  if (crictlReason) found.contradictions.push(crictlReason);
  const qos = kill.attribution.qos;
  if (qos.fromPath && qos.fromScore && qos.fromPath !== qos.fromScore && qos.fromScore !== 'Guaranteed') {
    found.contradictions.push(`the cgroup path says ${qos.fromPath}, oom_score_adj ${kill.attribution.oomScoreAdj} says ${qos.fromScore}`);
  }
  found.outcome = outcomeOf(kill, found.corroboratedBy);
  found.confidence = confidenceOf(kill.attribution, found);
  return found;
}

type Add = (source: Corroboration, evidence: { path: string; line: number | null }) => void;

function checkServiceEvents(kill: KillFacts, { sources, catalog, time }: { sources: SourceData; catalog: PodCatalog; time: TimeModel }, add: Add): void {
  const { containerId, podUid } = kill.attribution;
  const delta = (stamp: Parameters<TimeModel['resolve']>[0]) => {
    const ms = time.resolve(stamp).utcMs;
    return ms === null || kill.killMs === null ? 0 : ms - kill.killMs;
  };
  for (const event of sources.journal.events) {
    if (event.kind === 'task-oom' && Math.abs(delta(event.stamp)) <= WINDOW_MS) {
      const sandbox = catalog.container(event.containerId);
      if (event.containerId === containerId || (sandbox?.sandbox && sandbox.podUid === podUid && podUid !== null)) add('containerd-task-oom', pathOf(event.evidence));
    } else if (event.kind === 'system-oom' && event.victimPid === kill.pid && Math.abs(delta(event.stamp)) <= WINDOW_MS) {
      add('kubelet', pathOf(event.evidence));
    } else if ((event.kind === 'container-exited' || event.kind === 'container-died') && containerId && event.containerId === containerId) {
      const after = delta(event.stamp);
      const killed = event.kind === 'container-died' || event.exitCode === 137;
      if (killed && after >= -WINDOW_MS && after <= KUBELET_AFTER_MS) add('kubelet', pathOf(event.evidence));
    }
  }
}

const pathOf = (evidence: { file: string; line: number }) => ({ path: evidence.file, line: evidence.line });

function checkCgroupCounters(kill: KillFacts, sources: SourceData, add: Add): void {
  const { podUid, containerId } = kill.attribution;
  if (!podUid) return;
  for (const state of sources.cgroup.cgroups) {
    const decoded = decodeCgroupPath(state.path);
    const mine = decoded.podUid === podUid && (decoded.level === 'pod' || decoded.containerId === containerId);
    if (!mine) continue;
    const counter = oomKillCounter(state);
    // Kernels before ≈4.13 have no oom_kill counter in v1; failcnt then shows the limit was hit.
    const counted = counter ? counter.value > 0 : (state.failcnt ?? 0) > 0;
    if (!counted) continue;
    const file = counter?.file ?? 'memory.failcnt';
    // The evidence is the file that holds the counter, not whichever file of the cgroup sorts first.
    const path = state.files.find((candidate) => candidate.endsWith(`/${file}`)) ?? state.files[0] ?? `cgroup${state.path}`;
    add('cgroup-oom-counter', { path, line: null });
  }
}

export function oomKillCounter(state: SourceData['cgroup']['cgroups'][number]): { value: number; file: string } | null {
  if (typeof state.events?.oomKill === 'number') return { value: state.events.oomKill, file: 'memory.events' };
  if (typeof state.eventsLocal?.oomKill === 'number') return { value: state.eventsLocal.oomKill, file: 'memory.events.local' };
  if (typeof state.oomControl?.oomKill === 'number') return { value: state.oomControl.oomKill, file: 'memory.oom_control' };
  return null;
}

/** Adds crictl's OOMKilled or SIGKILL exit; returns a contradiction when crictl gives another end at that time. */
function checkCrictl(kill: KillFacts, { sources, time }: { sources: SourceData; time: TimeModel }, add: Add): string | null {
  const exit = sources.crictl.exits.find((candidate) => candidate.containerId === kill.attribution.containerId);
  if (!exit) return null;
  if (exit.reason === 'OOMKilled') {
    add('crictl-oomkilled', { path: exit.file, line: null });
    return null;
  }
  const finished = exit.finishedAt ? time.resolve(exit.finishedAt).utcMs : null;
  const close = finished === null || kill.killMs === null || Math.abs(finished - kill.killMs) <= WINDOW_MS;
  if (!close) return null;
  if (exit.exitCode === 137) {
    add('crictl-exit-137', { path: exit.file, line: null });
    return null;
  }
  return exit.reason ? `crictl reports exit reason ${exit.reason} (exit code ${exit.exitCode ?? '?'}) for this container at the time of the kill` : null;
}

function outcomeOf(kill: KillFacts, agreed: Corroboration[]): KillOutcome {
  if (kill.logs.restartBoundary || agreed.includes('crictl-oomkilled') || agreed.includes('crictl-exit-137')) return 'container-ended';
  if (kill.logs.loggedAfterKill) return 'container-kept-running';
  return 'unknown';
}

/** The kernel naming the cgroup is strong; another source agreeing, with nothing against it, makes it high. */
function confidenceOf(attribution: Attribution, found: Agreement): Confidence {
  const others = found.corroboratedBy.length - 1;
  if (!attribution.podUid) return 'low';
  if (attribution.method === 'cgroup-path') return others >= 1 && found.contradictions.length === 0 ? 'high' : 'medium';
  return others >= 2 ? 'medium' : 'low';
}
