/**
 * The incidents of a generated node: the OOM kills of attempts that ended `oom-killed` (at least
 * two, so even a small bundle shows some), with the tasks in the victim's cgroup, and one
 * eviction of a best-effort pod under memory pressure.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { AttemptPlan, ContainerPlan, EvictionPlan, LogFilePlan, NodePlan, OomPlan, PodPlan } from './bundle-plan.js';
import { retimeFiles } from './log-volume.js';
import { podSlice } from './pod-cgroup.js';

const MiB = 1024 * 1024;
const HOUR = 3_600_000;

export function planOoms(random: SeededRandom, node: NodePlan, pods: PodPlan[]): OomPlan[] {
  const ooms: OomPlan[] = [];
  for (const pod of pods) {
    for (const container of pod.containers) {
      for (const attempt of container.attempts) if (attempt.end === 'oom-killed') ooms.push(planOom(random, node, pod, container, attempt));
    }
  }
  if (ooms.length < 2) ooms.push(...forceOoms(random, node, pods, 2 - ooms.length));
  return ooms.sort((a, b) => a.atMs - b.atMs);
}

/** Small bundles may draw no OOM kill: turn restarted or running containers with a limit into victims. */
function forceOoms(random: SeededRandom, node: NodePlan, pods: PodPlan[], count: number): OomPlan[] {
  const forced: OomPlan[] = [];
  for (const pod of pods) {
    for (const container of pod.containers) {
      const previous = container.attempts[0];
      if (forced.length >= count || !previous || container.memoryLimit === null || container.init || pod.owner === 'job') continue;
      if (container.attempts.length === 1) {
        const diedMs = node.collectedMs - random.between(2 * HOUR, 6 * HOUR);
        const next: AttemptPlan = { ...previous, attempt: previous.attempt + 1, containerId: random.hex(64), pid: previous.pid + 7, startMs: diedMs + 12_000 };
        next.files = retimeFiles(previous.files, next);
        previous.endMs = diedMs;
        const live = previous.files.at(-1) as LogFilePlan;
        previous.files = retimeFiles([{ ...live, bytes: Math.min(live.bytes, 256 * 1024) }], previous);
        container.attempts.push(next);
      }
      previous.end = 'oom-killed';
      previous.exitCode = 137;
      forced.push(planOom(random, node, pod, container, previous));
    }
  }
  return forced;
}

function planOom(random: SeededRandom, node: NodePlan, pod: PodPlan, container: ContainerPlan, attempt: AttemptPlan): OomPlan {
  const limitPages = Math.floor((container.memoryLimit ?? node.memoryBytes) / 4096);
  const victim = { pid: attempt.pid, comm: container.comm, rssPages: Math.floor(limitPages * 0.96), totalVmPages: Math.floor(limitPages * 2.3) };
  const tasks = [victim];
  if (random.chance(0.5)) tasks.push({ pid: attempt.pid - 3, comm: 'sh', rssPages: 23, totalVmPages: 596 });
  if (container.style === 'python' && random.chance(0.7))
    tasks.push({ pid: attempt.pid + 11, comm: container.comm, rssPages: Math.floor(limitPages * 0.02), totalVmPages: Math.floor(limitPages * 0.5) });
  return {
    pod,
    container,
    attempt,
    atMs: attempt.endMs,
    monotonicUs: Math.round((attempt.endMs - node.bootMs) * 1000) + random.int(1000),
    memcg: `${podSlice(pod)}/cri-containerd-${attempt.containerId}.scope`,
    tasks,
    groupKill: tasks.length > 1 && random.chance(0.6),
  };
}

/** One best-effort pod evicted under memory pressure in bundles of 50 MB and more; its container is killed and not restarted. */
export function planEviction(random: SeededRandom, node: NodePlan, pods: PodPlan[]): EvictionPlan | null {
  const candidates = pods.filter((pod) => pod.qos === 'besteffort' && pod.owner === 'deployment' && pod.containers.every((c) => c.attempts.length === 1));
  if (candidates.length === 0 || node.rotateBytes < 1.25 * MiB) return null;
  const pod = random.pick(candidates);
  const atMs = node.collectedMs - random.between(HOUR, 5 * HOUR);
  for (const container of pod.containers) {
    const attempt = container.attempts[0] as AttemptPlan;
    attempt.end = 'evicted';
    attempt.exitCode = 137;
    attempt.endMs = atMs;
    attempt.files = retimeFiles(attempt.files, attempt);
  }
  return { pod, atMs };
}
