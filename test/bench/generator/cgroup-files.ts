/**
 * `cgroup/`: the memory state of every kubepods cgroup (cgroup v2, systemd driver) as the
 * collector copies it: `cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope/memory.events`.
 * Counters are hierarchical: a pod slice still counts the OOM kills of its dead containers,
 * whose own scopes are gone; a restarted container's new scope starts from zero.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import { podSlice, type AttemptPlan, type BundlePlan, type PodPlan, type QosClass } from './bundle-plan.js';

export interface SmallFile {
  path: string;
  content: string;
}

const MiB = 1024 * 1024;

interface Counters {
  max: number;
  oom: number;
  oomKill: number;
  groupKill: number;
}

function events(counters: Counters): string {
  return `low 0\nhigh 0\nmax ${counters.max}\noom ${counters.oom}\noom_kill ${counters.oomKill}\noom_group_kill ${counters.groupKill}\n`;
}

function memoryStat(current: number, random: SeededRandom): string {
  const anon = Math.floor(current * 0.8);
  const file = current - anon;
  const keys: [string, number][] = [
    ['anon', anon],
    ['file', file],
    ['kernel', random.int(8 * MiB)],
    ['kernel_stack', 16_384 * random.between(4, 200)],
    ['pagetables', random.int(4 * MiB)],
    ['sec_pagetables', 0],
    ['percpu', random.int(90_000)],
    ['sock', 0],
    ['vmalloc', 0],
    ['shmem', 0],
    ['zswap', 0],
    ['zswapped', 0],
    ['file_mapped', Math.floor(file / 3)],
    ['file_dirty', random.int(90_000)],
    ['file_writeback', 0],
    ['swapcached', 0],
    ['anon_thp', 0],
    ['file_thp', 0],
    ['shmem_thp', 0],
    ['inactive_anon', Math.floor(anon * 0.9)],
    ['active_anon', Math.ceil(anon * 0.1)],
    ['inactive_file', Math.floor(file / 2)],
    ['active_file', Math.ceil(file / 2)],
    ['unevictable', 0],
    ['slab_reclaimable', random.int(2 * MiB)],
    ['slab_unreclaimable', random.int(MiB)],
    ['slab', random.int(3 * MiB)],
    ['workingset_refault_anon', 0],
    ['workingset_refault_file', random.int(900)],
    ['workingset_activate_anon', 0],
    ['workingset_activate_file', random.int(300)],
    ['workingset_restore_anon', 0],
    ['workingset_restore_file', 0],
    ['workingset_nodereclaim', 0],
    ['pgscan', random.int(20_000)],
    ['pgsteal', random.int(20_000)],
    ['pgfault', random.int(9_000_000)],
    ['pgmajfault', random.int(400)],
    ['pgrefill', random.int(1000)],
    ['pgactivate', random.int(50_000)],
    ['pgdeactivate', 0],
    ['pglazyfree', 0],
    ['pglazyfreed', 0],
    ['thp_fault_alloc', 0],
    ['thp_collapse_alloc', 0],
  ];
  return keys.map(([key, value]) => `${key} ${value}\n`).join('');
}

function killsOf(plan: BundlePlan, attempts: readonly AttemptPlan[]): Counters {
  const ooms = plan.ooms.filter((oom) => attempts.includes(oom.attempt));
  const oomKill = ooms.reduce((sum, oom) => sum + (oom.groupKill ? oom.tasks.length : 1), 0);
  return { max: ooms.length * 37, oom: ooms.length, oomKill, groupKill: ooms.filter((oom) => oom.groupKill).length };
}

function podFiles(plan: BundlePlan, pod: PodPlan, random: SeededRandom): SmallFile[] {
  const files: SmallFile[] = [];
  const dir = `cgroup${podSlice(pod)}`;
  const running = pod.containers.map((c) => c.attempts.at(-1) as AttemptPlan).filter((attempt) => attempt.end === 'running');
  const limits = pod.containers.map((c) => c.memoryLimit);
  const podMax = limits.every((limit) => limit !== null) ? String(limits.reduce((sum, limit) => (sum ?? 0) + (limit ?? 0), 0)) : 'max';
  let podCurrent = 0;
  for (const container of pod.containers) {
    const attempt = container.attempts.at(-1) as AttemptPlan;
    if (attempt.end !== 'running') continue;
    const scope = `${dir}/cri-containerd-${attempt.containerId}.scope`;
    const current = Math.floor((container.memoryLimit ?? 512 * MiB) * (0.2 + random.next() * 0.6));
    podCurrent += current;
    const own = { max: random.int(5), oom: 0, oomKill: 0, groupKill: 0 };
    files.push(
      { path: `${scope}/memory.max`, content: `${container.memoryLimit ?? 'max'}\n` },
      { path: `${scope}/memory.current`, content: `${current}\n` },
      { path: `${scope}/memory.peak`, content: `${Math.floor(current * 1.15)}\n` },
      { path: `${scope}/memory.high`, content: 'max\n' },
      { path: `${scope}/memory.swap.max`, content: '0\n' },
      { path: `${scope}/memory.events`, content: events(own) },
      { path: `${scope}/memory.events.local`, content: events(own) },
      { path: `${scope}/memory.oom.group`, content: '1\n' },
      { path: `${scope}/memory.stat`, content: memoryStat(current, random) },
    );
  }
  if (running.length > 0) {
    const pause = `${dir}/cri-containerd-${pod.sandboxId}.scope`;
    files.push({ path: `${pause}/memory.max`, content: 'max\n' }, { path: `${pause}/memory.current`, content: `${40_960 * random.between(5, 12)}\n` });
  }
  const attempts = pod.containers.flatMap((c) => c.attempts);
  files.unshift(
    { path: `${dir}/memory.max`, content: `${podMax}\n` },
    { path: `${dir}/memory.current`, content: `${podCurrent}\n` },
    { path: `${dir}/memory.events`, content: events(killsOf(plan, attempts)) },
    { path: `${dir}/memory.stat`, content: memoryStat(podCurrent, random) },
  );
  return files;
}

export function cgroupFiles(plan: BundlePlan, random: SeededRandom): SmallFile[] {
  const root = 'cgroup/kubepods.slice';
  const allAttempts = (pods: readonly PodPlan[]) => pods.flatMap((pod) => pod.containers.flatMap((c) => c.attempts));
  const allocatable = plan.node.memoryBytes - 1536 * MiB;
  const files: SmallFile[] = [
    { path: `${root}/memory.max`, content: `${allocatable}\n` },
    { path: `${root}/memory.current`, content: `${Math.floor(allocatable * 0.61)}\n` },
    { path: `${root}/memory.peak`, content: `${Math.floor(allocatable * 0.93)}\n` },
    { path: `${root}/memory.events`, content: events(killsOf(plan, allAttempts(plan.pods))) },
    { path: `${root}/memory.stat`, content: memoryStat(Math.floor(allocatable * 0.61), random) },
  ];
  for (const qos of ['burstable', 'besteffort'] as QosClass[]) {
    const pods = plan.pods.filter((pod) => pod.qos === qos);
    files.push(
      { path: `${root}/kubepods-${qos}.slice/memory.max`, content: 'max\n' },
      { path: `${root}/kubepods-${qos}.slice/memory.current`, content: `${pods.length * 97 * MiB}\n` },
      { path: `${root}/kubepods-${qos}.slice/memory.events`, content: events(killsOf(plan, allAttempts(pods))) },
    );
  }
  for (const pod of plan.pods) files.push(...podFiles(plan, pod, random));
  return files;
}
