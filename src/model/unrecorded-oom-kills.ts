/**
 * What is missing is said (issue 12 §6): the kernel counts every OOM kill — node-wide in
 * `/proc/vmstat` `oom_kill` since boot, per cgroup in `memory.events` (v2, hierarchical),
 * `memory.events.local` or `memory.oom_control` (v1, both local) — while the messages that name
 * the victim can be rate-limited, rotated away or lost when the dmesg ring wraps. Where a counter
 * counts more kills than the bundle's kernel evidence shows, the difference is a kill the bundle
 * has no record of.
 */
import type { SourceData, Stamp } from '../sources/index.js';
import { decodeCgroupPath, type DecodedCgroup } from './cgroup-path.js';
import { oomKillCounter } from './oom-corroboration.js';
import type { OomKill } from './oom-kills.js';
import type { PodCatalog } from './pod-catalog.js';
import type { TimeModel } from './time-model.js';

export type UnrecordedScopeKind = 'node' | 'pod' | 'container';

export interface UnrecordedScope {
  scope: UnrecordedScopeKind;
  /** The cgroup path as the kernel prints it; null for the node. */
  cgroup: string | null;
  podUid: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  /** Kills the counter counts at this scope; for a pod, minus what its container cgroups in the bundle count. */
  counted: number;
  /** Kills the kernel evidence shows for the same scope and boot. */
  recorded: number;
  unrecorded: number;
  /** The file that holds the counter. */
  counterFile: string;
}

export interface UnrecordedOomKills {
  /** Which counters the bundle holds: vmstat's oom_kill, and how many cgroups with an oom_kill counter. */
  counters: { vmstat: boolean; cgroups: number };
  /** The kernel evidence reaches into the current boot: only then is vmstat's count comparable. */
  kernelCoversCurrentBoot: boolean;
  /** Kernel events beyond the reader's limit: counted, not kept, so not attributable to a cgroup. */
  droppedKernelEvents: number;
  kernelFiles: string[];
  /** Scopes whose counter exceeds the kills the evidence shows, node first. */
  scopes: UnrecordedScope[];
}

interface Context {
  sources: SourceData;
  catalog: PodCatalog;
  time: TimeModel;
  oomKills: readonly OomKill[];
}

type CgroupState = SourceData['cgroup']['cgroups'][number];
interface Counted {
  state: CgroupState;
  decoded: DecodedCgroup;
  value: number;
  file: string;
  hierarchical: boolean;
}

export function findUnrecordedOomKills(context: Context): UnrecordedOomKills {
  const { sources } = context;
  const counted = countedCgroups(sources.cgroup.cgroups);
  const kernelCoversCurrentBoot = coversCurrentBoot(
    sources.kernel.files.map((file) => file.lastStamp),
    context.time,
  );
  const droppedKernelEvents = sources.kernel.counts.oomEventsDropped;
  const kills = context.oomKills.filter((kill) => inCurrentBoot(kill, context.time));
  const scopes: UnrecordedScope[] = [];
  const vmstat = sources.procVmstat?.oomKill ?? null;
  if (vmstat !== null && kernelCoversCurrentBoot) {
    scopes.push(scope({ scope: 'node', counted: vmstat, recorded: kills.length + droppedKernelEvents, counterFile: sources.procVmstat!.file }));
  }
  // A dropped event could belong to any cgroup: comparing per cgroup would then accuse the wrong one.
  if (droppedKernelEvents === 0) scopes.push(...cgroupScopes(counted, kills, context.catalog));
  return {
    counters: { vmstat: vmstat !== null, cgroups: counted.length },
    kernelCoversCurrentBoot,
    droppedKernelEvents,
    kernelFiles: sources.kernel.files.map((file) => file.file),
    scopes: scopes.filter((found) => found.unrecorded > 0),
  };
}

function countedCgroups(states: readonly CgroupState[]): Counted[] {
  const counted: Counted[] = [];
  for (const state of states) {
    const decoded = decodeCgroupPath(state.path);
    const counter = oomKillCounter(state);
    if (!counter || !decoded.podUid || (decoded.level !== 'pod' && decoded.level !== 'container')) continue;
    const file = state.files.find((candidate) => candidate.endsWith(`/${counter.file}`)) ?? `cgroup${state.path}/${counter.file}`;
    counted.push({ state, decoded, value: counter.value, file, hierarchical: counter.file === 'memory.events' });
  }
  return counted;
}

/**
 * Each kill is held against the innermost cgroup in the bundle that counts it: a container's
 * counter against that container's kills; a pod's counter, less what its container cgroups count,
 * against the pod's kills in no such container (a container that restarted left its cgroup, and
 * v2 keeps its kills in the pod's memory.events).
 */
function cgroupScopes(counted: readonly Counted[], kills: readonly OomKill[], catalog: PodCatalog): UnrecordedScope[] {
  const scopes: UnrecordedScope[] = [];
  for (const entry of counted) {
    const { decoded } = entry;
    const podKills = kills.filter((kill) => kill.podUid === decoded.podUid);
    if (decoded.level === 'container') {
      const recorded = podKills.filter((kill) => kill.containerId === decoded.containerId).length;
      scopes.push(scope({ ...names(decoded, catalog), scope: 'container', cgroup: entry.state.path, counted: entry.value, recorded, counterFile: entry.file }));
      continue;
    }
    const children = counted.filter((child) => child.decoded.level === 'container' && child.decoded.podUid === decoded.podUid && child.state.path.startsWith(`${entry.state.path}/`));
    const childIds = new Set(children.map((child) => child.decoded.containerId));
    const childCount = entry.hierarchical ? children.reduce((sum, child) => sum + child.value, 0) : 0;
    const recorded = podKills.filter((kill) => !childIds.has(kill.containerId)).length;
    scopes.push(scope({ ...names(decoded, catalog), scope: 'pod', cgroup: entry.state.path, counted: Math.max(0, entry.value - childCount), recorded, counterFile: entry.file }));
  }
  return scopes;
}

function names(decoded: DecodedCgroup, catalog: PodCatalog): Pick<UnrecordedScope, 'podUid' | 'namespace' | 'pod' | 'container'> {
  const pod = catalog.pod(decoded.podUid);
  const container = decoded.containerId ? (pod?.containers.find((candidate) => candidate.ids.includes(decoded.containerId!))?.name ?? catalog.container(decoded.containerId)?.container ?? null) : null;
  return { podUid: decoded.podUid, namespace: pod?.namespace ?? null, pod: pod?.name ?? null, container };
}

function scope(fields: Partial<UnrecordedScope> & Pick<UnrecordedScope, 'scope' | 'counted' | 'recorded' | 'counterFile'>): UnrecordedScope {
  return { cgroup: null, podUid: null, namespace: null, pod: null, container: null, ...fields, unrecorded: Math.max(0, fields.counted - fields.recorded) };
}

/** A kill whose boot cannot be told counts as the current boot's: that errs towards saying less is missing. */
function inCurrentBoot(kill: OomKill, time: TimeModel): boolean {
  if (kill.bootId !== null && time.currentBootId !== null) return kill.bootId === time.currentBootId;
  const zero = currentBootZero(time);
  return zero === null || kill.time === null || Date.parse(kill.time) >= zero;
}

/** Some kernel stream reaches the current boot: raw dmesg always does; other stamps by boot id or time. */
function coversCurrentBoot(lastStamps: readonly (Stamp | null)[], time: TimeModel): boolean {
  const zero = currentBootZero(time);
  return lastStamps.some((stamp) => {
    if (!stamp) return false;
    if (stamp.bootId === null && stamp.local === null && stamp.utcMs === null && stamp.monotonic !== null) return true;
    const resolved = time.resolve(stamp);
    if (resolved.bootId !== null && time.currentBootId !== null) return resolved.bootId === time.currentBootId;
    return zero !== null && resolved.utcMs !== null && resolved.utcMs >= zero;
  });
}

function currentBootZero(time: TimeModel): number | null {
  return time.boots.find((boot) => boot.bootId === time.currentBootId)?.zeroUtcMs ?? null;
}
