/** Who paid: the workloads an incident hit, and the harm it is ranked by. */
import type { OomKill, OomKillDetail } from '../model/index.js';
import { ms, type Member, type PodRef } from './members.js';
import { ownerName } from '../model/index.js';
import type { IncidentHarm, IncidentWorkload } from './types.js';

interface Tally {
  workload: IncidentWorkload;
  pods: Set<string>;
}

export function workloadsOf(members: readonly Member[], details: ReadonlyMap<string, OomKillDetail>): IncidentWorkload[] {
  const tallies = new Map<string, Tally>();
  const tally = (ref: PodRef): IncidentWorkload => {
    const owner = ownerName(ref.pod);
    const key = `${ref.namespace ?? ''}\0${owner}`;
    let found = tallies.get(key);
    if (!found) tallies.set(key, (found = { workload: { namespace: ref.namespace, owner, pods: [], kills: 0, evictions: 0, restarts: 0 }, pods: new Set() }));
    found.pods.add(ref.pod);
    return found.workload;
  };
  const kills = members.flatMap((member) => member.kills);
  for (const kill of kills) {
    const ref = killPod(kill);
    if (ref) tally(ref).kills += 1;
  }
  for (const ref of uniquePods(members.flatMap((member) => member.evicted ?? []))) tally(ref).evictions += 1;
  for (const [ref, count] of restartsByContainer(members, kills, details)) tally(ref).restarts += count;
  return [...tallies.values()]
    .map(({ workload, pods }) => ({ ...workload, pods: [...pods].sort() }))
    .sort((a, b) => b.kills + b.evictions + b.restarts - (a.kills + a.evictions + a.restarts) || `${a.namespace}/${a.owner}`.localeCompare(`${b.namespace}/${b.owner}`));
}

export function harmOf(members: readonly Member[], workloads: readonly IncidentWorkload[], start: string | null, end: string | null): IncidentHarm {
  const kills = members.flatMap((member) => member.kills);
  const killed = uniquePods(kills.map(killPod).filter((ref): ref is PodRef => ref !== null));
  const evicted = uniquePods(members.flatMap((member) => member.evicted ?? []));
  const from = ms(start);
  const to = ms(end);
  return {
    killedPods: killed.length,
    evictedPods: evicted.length,
    restarts: workloads.reduce((sum, workload) => sum + workload.restarts, 0),
    oomKills: kills.length,
    durationSeconds: from !== null && to !== null ? Math.round((to - from) / 1000) : null,
  };
}

function killPod(kill: OomKill): PodRef | null {
  const pod = kill.pod ?? kill.podUid;
  return pod ? { namespace: kill.namespace, pod } : null;
}

function uniquePods(refs: readonly PodRef[]): PodRef[] {
  const seen = new Map<string, PodRef>();
  for (const ref of refs) seen.set(`${ref.namespace ?? ''}/${ref.pod}`, ref);
  return [...seen.values()];
}

/**
 * Restarts per container: what the runtime counted (the crash loop's finding), or the kills that
 * were followed by a new attempt, whichever is more — the same restart is never counted twice.
 */
function restartsByContainer(members: readonly Member[], kills: readonly OomKill[], details: ReadonlyMap<string, OomKillDetail>): [PodRef, number][] {
  const counts = new Map<string, { ref: PodRef; counted: number; killed: number }>();
  const entry = (ref: PodRef, container: string | null) => {
    const key = `${ref.namespace ?? ''}/${ref.pod}/${container ?? ''}`;
    let found = counts.get(key);
    if (!found) counts.set(key, (found = { ref: { namespace: ref.namespace, pod: ref.pod }, counted: 0, killed: 0 }));
    return found;
  };
  for (const restart of members.flatMap((member) => member.restarts ?? [])) entry(restart, restart.container).counted += restart.count;
  for (const kill of kills) {
    const ref = killPod(kill);
    if (ref && details.get(kill.id)?.restarted) entry(ref, kill.container).killed += 1;
  }
  return [...counts.values()].map(({ ref, counted, killed }) => [ref, Math.max(counted, killed)]);
}
