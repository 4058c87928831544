/**
 * Who an OOM kill hit: the victim's cgroup (from the report) decoded into pod UID and container
 * id, the names those ids resolve to, the QoS class from the path and from `oom_score_adj`, and
 * whether a cgroup limit or the whole node ran out. When the report names no cgroup (global OOM
 * before 5.0), a runtime record of an OOM kill at the same moment may name the container.
 */
import type { OomEvent, OomVictim, SourceData } from '../sources/index.js';
import { decodeCgroupPath, type CgroupLevel, type DecodedCgroup, type QosClass } from './cgroup-path.js';
import type { MergedOomEvent } from './oom-events.js';
import type { PodCatalog, PodSource } from './pod-catalog.js';
import { classifyOomScoreAdj } from './qos.js';
import type { EventTime, TimeModel } from './time-model.js';

export type OomScope = 'memcg' | 'global';
export type QosEvidence = 'cgroup-path' | 'oom-score-adj' | 'cgroup-path+oom-score-adj';
/** How the victim's pod was found. */
export type AttributionMethod = 'cgroup-path' | 'runtime-time-match';
/**
 * The line the attribution rests on: the 5.0+ `oom-kill:` summary's `task_memcg=`, the < 5.0
 * `Task in <path> killed as a result of limit of <path>`, the `memory.oom.group` line, the
 * cgroup whose limit was hit when the victim's own is not printed (`limit of`, `Memory limit
 * reached of cgroup`: a memcg OOM kills inside it), the first `Memory cgroup stats for <path>:`
 * line when even that is cut, or a runtime's OOM record at the same time.
 */
export type AttributionSource = 'oom-kill-summary' | 'task-in-line' | 'group-kill-line' | 'oom-memcg' | 'memcg-stats' | 'runtime-time-match';

/** What the victim's cgroup path says beyond pod and container: who made it, and whether it is a monitor's (conmon). */
export type VictimCgroup = Pick<DecodedCgroup, 'owner' | 'runtime' | 'containerId' | 'conmon' | 'prefix' | 'elided'>;

export interface Attribution {
  scope: OomScope | null;
  limitLevel: CgroupLevel | null;
  victimCgroup: DecodedCgroup | null;
  podUid: string | null;
  containerId: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  /** The attempt number a source states for this container id. */
  attempt: number | null;
  /** The id is a pod sandbox's (pause), not an application container's. */
  sandbox: boolean;
  method: AttributionMethod | null;
  source: AttributionSource | null;
  namesFrom: PodSource | null;
  qosClass: QosClass | null;
  qosEvidence: QosEvidence | null;
  qos: { fromPath: QosClass | null; fromScore: QosClass | null; scoreMeaning: string | null };
  oomScoreAdj: number | null;
}

/**
 * A runtime's own OOM record close to the kill may name the container when the kernel did not:
 * only when the report names no cgroup, or an elided one that says nothing of its owner.
 */
const TIME_MATCH_MS = 10_000;

export function attributeVictim(merged: MergedOomEvent, victim: OomVictim, killTime: EventTime, context: { sources: SourceData; catalog: PodCatalog; time: TimeModel }): Attribution {
  const { event } = merged;
  const { scope, limitLevel } = oomScope(merged.event, victim);
  const victimPath = victimCgroupPath(event, scope);
  const decoded = victimPath ? decodeCgroupPath(victimPath.path) : null;
  // conmon's scope carries the id of the container it watches: the kill is not that container's
  let containerId = decoded?.conmon ? null : (decoded?.containerId ?? null);
  let method: AttributionMethod | null = decoded?.podUid || containerId ? 'cgroup-path' : null;
  let source: AttributionSource | null = method ? victimPath!.source : null;
  if (!method && (decoded === null || (decoded.owner === null && !decoded.conmon))) {
    containerId = runtimeOomNear(killTime, context) ?? null;
    if (containerId) [method, source] = ['runtime-time-match', 'runtime-time-match'];
  }
  const identity = context.catalog.container(containerId);
  const podUid = decoded?.podUid ?? identity?.podUid ?? null;
  const pod = context.catalog.pod(podUid);
  const oomScoreAdj = victim.oomScoreAdj ?? event.tasks?.rows.find((row) => row.pid === victim.pid)?.oomScoreAdj ?? null;
  const qos = qosOf(decoded?.qosClass ?? pod?.qosClass ?? null, oomScoreAdj);
  if (podUid && decoded?.qosClass) context.catalog.noteQos(podUid, decoded.qosClass);
  return {
    scope,
    limitLevel,
    victimCgroup: decoded,
    podUid,
    containerId,
    namespace: pod?.namespace ?? identity?.namespace ?? null,
    pod: pod?.name ?? identity?.pod ?? null,
    container: identity?.sandbox ? null : (identity?.container ?? null),
    attempt: identity?.attempt ?? null,
    sandbox: identity?.sandbox ?? false,
    method,
    source,
    namesFrom: identity?.source ?? pod?.seenIn[0] ?? null,
    ...qos,
    oomScoreAdj,
  };
}

/**
 * Whether a cgroup limit or the whole node ran out, and for a cgroup, which level's limit: from
 * the kill line's reason when there is one, else from the report (`global_oom` / `oom_memcg=`,
 * else the memory blocks it printed).
 */
export function oomScope(event: OomEvent, victim: OomVictim | null = null): { scope: OomScope | null; limitLevel: CgroupLevel | null } {
  let scope: OomScope | null;
  if (victim?.reason === 'memcg' || victim?.reason === 'global') scope = victim.reason;
  else if (event.globalOom !== null) scope = event.globalOom ? 'global' : 'memcg';
  // `memory: usage` and `Memory cgroup stats` are printed only for a memcg OOM, `Mem-Info:` only for a global one.
  else if (event.oomMemcg || event.statsMemcg || event.memory) scope = 'memcg';
  else scope = event.systemMemory ? 'global' : null;
  const limitPath = scope === 'memcg' ? (event.oomMemcg ?? event.statsMemcg) : null;
  return { scope, limitLevel: limitPath ? decodeCgroupPath(limitPath).level : null };
}

/**
 * The victim's cgroup and the line it comes from. A memcg OOM only kills inside the cgroup whose
 * limit was hit, so when the victim's own path is not printed (or was cut), a pod- or
 * container-level limit still names its pod (and container); a higher level names nothing.
 */
function victimCgroupPath(event: OomEvent, scope: OomScope | null): { path: string; source: AttributionSource } | null {
  if (event.groupKill) return { path: event.groupKill.memcg, source: 'group-kill-line' };
  if (event.taskMemcg) return { path: event.taskMemcg, source: event.chosen ? 'oom-kill-summary' : 'task-in-line' };
  if (scope !== 'memcg') return null;
  const limit = event.oomMemcg ? { path: event.oomMemcg, source: 'oom-memcg' as const } : event.statsMemcg ? { path: event.statsMemcg, source: 'memcg-stats' as const } : null;
  const level = limit ? decodeCgroupPath(limit.path).level : null;
  return level === 'pod' || level === 'container' ? limit : null;
}

function qosOf(fromPath: QosClass | null, oomScoreAdj: number | null): Pick<Attribution, 'qosClass' | 'qosEvidence' | 'qos'> {
  const score = oomScoreAdj === null ? null : classifyOomScoreAdj(oomScoreAdj);
  const fromScore = score?.kind === 'pod' ? score.qosClass : null;
  const scoreMeaning = score ? (score.kind === 'pod' ? (score.note ?? score.qosClass) : score.kind) : null;
  const qos = { fromPath, fromScore, scoreMeaning };
  if (fromPath) return { qosClass: fromPath, qosEvidence: fromPath === fromScore ? 'cgroup-path+oom-score-adj' : 'cgroup-path', qos };
  if (fromScore) return { qosClass: fromScore, qosEvidence: 'oom-score-adj', qos };
  return { qosClass: null, qosEvidence: null, qos };
}

/** The one container a runtime recorded as OOM-killed within seconds of the kill, if exactly one. */
function runtimeOomNear(killTime: EventTime, { sources, time }: { sources: SourceData; time: TimeModel }): string | undefined {
  if (killTime.utcMs === null) return undefined;
  const near = (ms: number | null) => ms !== null && Math.abs(ms - (killTime.utcMs as number)) <= TIME_MATCH_MS;
  const ids = new Set<string>();
  for (const event of sources.journal.events) if (event.kind === 'task-oom' && near(time.resolve(event.stamp).utcMs)) ids.add(event.containerId);
  for (const exit of sources.crictl.exits) if (exit.reason === 'OOMKilled' && exit.finishedAt && near(time.resolve(exit.finishedAt).utcMs)) ids.add(exit.containerId);
  return ids.size === 1 ? [...ids][0] : undefined;
}

export function victimCgroupOf(attribution: Pick<Attribution, 'victimCgroup'>): VictimCgroup | null {
  const decoded = attribution.victimCgroup;
  return decoded ? { owner: decoded.owner, runtime: decoded.runtime, containerId: decoded.containerId, conmon: decoded.conmon, prefix: decoded.prefix, elided: decoded.elided } : null;
}
