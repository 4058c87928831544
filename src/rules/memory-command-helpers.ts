/**
 * Filled-in commands about memory: the memory cgroup's counters in the form this node has
 * (cgroup v2 `memory.events`, v1 `memory.oom_control` and `memory.failcnt`), and a new memory
 * limit measured from the evidence.
 */
import { decodeCgroupPath, type NodeModel } from '../model/index.js';
import type { SuggestedCommand } from './define-rule.js';
import { sh, suggest, type RemedyFacts } from './command-helpers.js';
import { deploymentOf, type PodRef } from './pod-command-helpers.js';

/**
 * The cgroup's OOM counters on a live node. On v2 a container's scope is replaced when it
 * restarts, so the pod's slice is read (its memory.events counts its containers' kills too); on
 * v1 events are not counted upwards, so the cgroup that hit its limit is read.
 */
export function cgroupCounters(facts: RemedyFacts, memcg: string | null | undefined): SuggestedCommand | null {
  if (!memcg || !memcg.startsWith('/') || memcg.includes('..') || /\.\.\.|…/.test(memcg)) return null;
  if (facts.cgroupVersion === 2) {
    const path = podSlice(memcg) ?? memcg;
    const whose = path === memcg ? 'the cgroup that hit its limit' : "the pod's cgroup";
    return suggest(`the OOM counters of ${whose} (cgroup v2: oom_kill counts kills, max counts hits of the limit)`, sh`cat ${`/sys/fs/cgroup${path}/memory.events`}`);
  }
  if (facts.cgroupVersion === 1) {
    const base = `/sys/fs/cgroup/memory${memcg}`;
    return suggest(
      'the OOM counters of the cgroup that hit its limit (cgroup v1: oom_kill in memory.oom_control, hits of the limit in memory.failcnt; gone once the container is replaced)',
      sh`grep -H . ${`${base}/memory.oom_control`} ${`${base}/memory.failcnt`} ${`${base}/memory.max_usage_in_bytes`}`,
    );
  }
  return null;
}

/** The memory limit and OOM counters of all pods together (the kubelet's node-allocatable cgroup). */
export function kubepodsCounters(facts: RemedyFacts): SuggestedCommand | null {
  if (facts.kubepods === null) return null;
  if (facts.cgroupVersion === 2) {
    const base = `/sys/fs/cgroup${facts.kubepods}`;
    return suggest("all pods' memory limit, usage and OOM counters (cgroup v2)", sh`grep -H . ${`${base}/memory.max`} ${`${base}/memory.current`} ${`${base}/memory.events`}`);
  }
  if (facts.cgroupVersion === 1) {
    const base = `/sys/fs/cgroup/memory${facts.kubepods}`;
    return suggest("all pods' memory limit, usage and OOM counters (cgroup v1)", sh`grep -H . ${`${base}/memory.limit_in_bytes`} ${`${base}/memory.usage_in_bytes`} ${`${base}/memory.oom_control`}`);
  }
  return null;
}

/** The path up to the pod's own cgroup, or null when the path is not below one. */
function podSlice(memcg: string): string | null {
  const decoded = decodeCgroupPath(memcg);
  if (decoded.podUid === null || decoded.level !== 'container') return null;
  const segments = memcg.split('/');
  const pod = segments.findIndex((segment) => /pod[0-9a-f]{8}[-_]/.test(segment) || /pod[0-9a-f]{32}/.test(segment));
  return pod > 0 ? segments.slice(0, pod + 1).join('/') : null;
}

/** The highest usage the bundle's cgroup files recorded for this cgroup (v2 memory.peak, v1 max_usage_in_bytes). */
export function recordedPeakBytes(model: NodeModel, memcg: string | null | undefined): number | null {
  if (!memcg) return null;
  return model.cgroups.find((cgroup) => cgroup.path === memcg)?.peak ?? null;
}

export interface LimitProposal {
  /** The limit now, as a Kubernetes quantity (`512Mi`). */
  from: string;
  /** The proposed limit (`768Mi`). */
  to: string;
  /** How `to` was computed, one sentence. */
  how: string;
}

/** Headroom over the highest usage seen: a container killed at its limit needed more than it. */
const HEADROOM = 1.25;
const MI = 1024 * 1024;

/**
 * From the limit and the usage at the kill (and a recorded peak): the highest of them plus 25 %,
 * rounded up to a readable size (64Mi steps to 1Gi, 256Mi steps to 4Gi, then whole Gi).
 */
export function proposeLimit(limitKb: number | null, usageKb: number | null, peakBytes: number | null = null): LimitProposal | null {
  if (limitKb === null || limitKb <= 0) return null;
  const readings = [
    { bytes: limitKb * 1024, what: 'the limit' },
    { bytes: (usageKb ?? 0) * 1024, what: 'the usage at the kill' },
    { bytes: peakBytes ?? 0, what: 'the recorded peak' },
  ];
  const highest = readings.reduce((best, reading) => (reading.bytes > best.bytes ? reading : best));
  const target = roundUp(highest.bytes * HEADROOM);
  const from = quantity(limitKb * 1024);
  const reached = highest.what === 'the limit' ? 'usage reached the limit' : `${highest.what} was ${quantity(highest.bytes)}`;
  return { from, to: quantity(target), how: `${reached}; ${quantity(highest.bytes)} + 25 % headroom, rounded up to ${quantity(target)}` };
}

function roundUp(bytes: number): number {
  const step = bytes <= 1024 * MI ? 64 * MI : bytes <= 4096 * MI ? 256 * MI : 1024 * MI;
  return Math.ceil(bytes / step) * step;
}

/** Bytes as a Kubernetes quantity: whole Gi, else Mi (rounded up), else Ki. */
export function quantity(bytes: number): string {
  if (bytes % (1024 * MI) === 0) return `${bytes / (1024 * MI)}Gi`;
  if (bytes >= MI) return `${Math.ceil(bytes / MI)}Mi`;
  return `${Math.ceil(bytes / 1024)}Ki`;
}

/**
 * Raising the container's limit in its Deployment (when the pod's name shows one): changes the
 * cluster, and rolls the pods. Other owners are named by podOwner; their spec is edited the same way.
 */
export function raiseLimit(ref: PodRef, proposal: LimitProposal | null): SuggestedCommand | null {
  const deployment = deploymentOf(ref.pod);
  if (!proposal || !deployment) return null;
  const purpose = `raise the memory limit of container ${ref.container ?? ''} from ${proposal.from} to ${proposal.to} (${proposal.how}); assumes the owner is Deployment ${deployment}, as the pod's name suggests, and restarts its pods`;
  return suggest(purpose, sh`kubectl -n ${ref.namespace} set resources deployment/${deployment} -c ${ref.container} --limits=memory=${proposal.to}`, true);
}
