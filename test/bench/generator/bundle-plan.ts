/**
 * The world a generated bundle describes, drawn once from the seed before any byte is written:
 * the node and its boot, the pods with their containers and attempts (restarts, OOM kills, an
 * eviction), how many log bytes each attempt left in which rotated file, and the byte budget of
 * the journal and kernel logs. Every writer reads this plan, so the kernel OOM report, the
 * containerd TaskOOM event, the kubelet PLEG lines, the cgroup counters and the crictl state of
 * one kill all name the same pod, container id, pid and time.
 */
import { SeededRandom } from '../../helpers/seeded-random.js';
import { planEviction, planOoms } from './incidents.js';
import { spreadLogVolume } from './log-volume.js';
import { APPS, DAEMONSETS, STATIC_PODS, type AppStyle, type ContainerSpec, type OwnerKind, type WorkloadSpec } from './workloads.js';

export type QosClass = 'guaranteed' | 'burstable' | 'besteffort';
/** containerd writes variable fractions with `Z`; CRI-O (conmon) nine digits with `+00:00`. */
export type CriStyle = 'containerd' | 'crio';
export type AttemptEnd = 'running' | 'oom-killed' | 'error' | 'completed' | 'evicted';

export interface NodePlan {
  name: string;
  machineId: string;
  bootId: string;
  kernelRelease: string;
  ip: string;
  cpus: number;
  memoryBytes: number;
  bootMs: number;
  /** The collector's `--since`: the journal export starts here. */
  windowStartMs: number;
  collectedMs: number;
  kubeletPid: number;
  containerdPid: number;
  /** Pod log rotation size (`containerLogMaxSize`); `containerLogMaxFiles` is 5. */
  rotateBytes: number;
}

export interface LogFilePlan {
  /** `3.log`, `3.log.20261127-094512` (newest rotated, plain) or `3.log.20261127-081003.gz`. */
  name: string;
  bytes: number;
  startMs: number;
  endMs: number;
  gz: boolean;
}

export interface AttemptPlan {
  attempt: number;
  containerId: string;
  pid: number;
  startMs: number;
  endMs: number;
  end: AttemptEnd;
  exitCode: number | null;
  files: LogFilePlan[];
}

export interface ContainerPlan extends ContainerSpec {
  memoryLimit: number | null;
  memoryRequest: number;
  oomScoreAdj: number;
  attempts: AttemptPlan[];
}

export interface PodPlan {
  namespace: string;
  name: string;
  uid: string;
  owner: OwnerKind;
  qos: QosClass;
  sandboxId: string;
  podIp: string;
  createdMs: number;
  criStyle: CriStyle;
  containers: ContainerPlan[];
}

export interface OomPlan {
  pod: PodPlan;
  container: ContainerPlan;
  attempt: AttemptPlan;
  atMs: number;
  /** Kernel time of the kill line, microseconds since boot. */
  monotonicUs: number;
  /** The cgroup v2 path the kernel prints (`/kubepods.slice/…/cri-containerd-<id>.scope`). */
  memcg: string;
  /** The victim first; a wrapper shell or workers after it. */
  tasks: { pid: number; comm: string; rssPages: number; totalVmPages: number }[];
  /** `memory.oom.group` was set: every task of the container is killed. */
  groupKill: boolean;
}

export interface EvictionPlan {
  pod: PodPlan;
  atMs: number;
}

export interface BundlePlan {
  seed: number;
  targetBytes: number;
  node: NodePlan;
  pods: PodPlan[];
  ooms: OomPlan[];
  eviction: EvictionPlan | null;
  /** Bytes for each large stream; pod logs are spread over the attempts' files. */
  budgets: { podLogs: number; kubeletJournal: number; runtimeJournal: number; kernelJournal: number; dmesg: number };
}

const MiB = 1024 * 1024;
const HOUR = 3_600_000;
/** What the large streams get of the target; the last 1% is the small files (stats, cgroup, runtime). */
const SHARES = { podLogs: 0.72, kubeletJournal: 0.12, runtimeJournal: 0.06, kernelJournal: 0.04, dmesg: 0.05 };
const COLLECTED_MS = Date.UTC(2026, 10, 27, 10, 15, 2);

export function planBundle(seed: number, targetBytes: number): BundlePlan {
  const random = new SeededRandom(seed);
  const node = planNode(random.fork('node'), targetBytes);
  const pods = planPods(random.fork('pods'), node, podCount(targetBytes));
  const budgets = {
    podLogs: Math.round(targetBytes * SHARES.podLogs),
    kubeletJournal: Math.round(targetBytes * SHARES.kubeletJournal),
    runtimeJournal: Math.round(targetBytes * SHARES.runtimeJournal),
    kernelJournal: Math.round(targetBytes * SHARES.kernelJournal),
    dmesg: Math.round(targetBytes * SHARES.dmesg),
  };
  spreadLogVolume(random.fork('volume'), node, pods, budgets.podLogs);
  const ooms = planOoms(random.fork('ooms'), node, pods);
  const eviction = planEviction(random.fork('eviction'), node, pods);
  return { seed, targetBytes, node, pods, ooms, eviction, budgets };
}

/** About 35 pods at 100 MB, 55 at 500 MB, 90 at 2 GB; never more than the kubelet's default 110. */
function podCount(targetBytes: number): number {
  return Math.min(110, Math.max(12, Math.round(20 + 50 * Math.sqrt(targetBytes / (1024 * MiB)))));
}

function planNode(random: SeededRandom, targetBytes: number): NodePlan {
  const uptimeMs = random.between(60, 144) * HOUR + random.int(HOUR);
  const bootMs = COLLECTED_MS - uptimeMs;
  const ip = `10.0.${random.between(1, 63)}.${random.between(4, 250)}`;
  return {
    name: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
    machineId: random.hex(32),
    bootId: random.hex(32),
    kernelRelease: '6.1.0-27-cloud-amd64',
    ip,
    cpus: 8,
    memoryBytes: 32 * 1024 * MiB,
    bootMs,
    windowStartMs: Math.max(bootMs + 120_000, COLLECTED_MS - 48 * HOUR),
    collectedMs: COLLECTED_MS,
    kubeletPid: random.between(900, 1900),
    containerdPid: random.between(500, 899),
    rotateBytes: Math.min(10 * MiB, Math.max(32 * 1024, Math.round(targetBytes / 40))),
  };
}

function planPods(random: SeededRandom, node: NodePlan, count: number): PodPlan[] {
  const fixed = [...DAEMONSETS, ...STATIC_PODS];
  const pods = fixed.map((spec) => planPod(random, node, spec));
  const replicas = new Map<string, number>();
  while (pods.length < count) {
    const spec = random.pick(APPS);
    const replica = replicas.get(spec.name) ?? 0;
    replicas.set(spec.name, replica + 1);
    pods.push(planPod(random, node, spec, replica));
  }
  return pods;
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(random: SeededRandom, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += NAME_ALPHABET[random.int(NAME_ALPHABET.length)]!;
  return out;
}

function podName(random: SeededRandom, node: NodePlan, spec: WorkloadSpec, replica: number): string {
  switch (spec.owner) {
    case 'deployment':
      return `${spec.name}-${suffix(random, random.pick([9, 10]))}-${suffix(random, 5)}`;
    case 'statefulset':
      return `${spec.name}-${replica}`;
    case 'daemonset':
      return `${spec.name}-${suffix(random, 5)}`;
    case 'static':
      return `${spec.name}-${node.name}`;
    case 'job':
      return `${spec.name}-${28_890_000 + random.int(60_000)}-${suffix(random, 5)}`;
  }
}

function planPod(random: SeededRandom, node: NodePlan, spec: WorkloadSpec, replica = 0): PodPlan {
  const early = spec.owner === 'daemonset' || spec.owner === 'static';
  const createdMs = early ? node.bootMs + random.between(20_000, 90_000) : random.between(node.bootMs + 300_000, node.collectedMs - 3 * HOUR);
  const qos: QosClass = spec.owner === 'job' ? 'besteffort' : random.pick(['guaranteed', 'burstable', 'burstable', 'burstable', 'besteffort'] as const);
  const pod: PodPlan = {
    namespace: spec.namespace,
    name: podName(random, node, spec, replica),
    uid: spec.owner === 'static' ? random.hex(32) : random.uuid(),
    owner: spec.owner,
    qos,
    sandboxId: random.hex(64),
    podIp: `10.244.${random.between(1, 40)}.${random.between(2, 250)}`,
    createdMs,
    criStyle: random.chance(0.15) ? 'crio' : 'containerd',
    containers: [],
  };
  const specs = [...spec.containers, ...(spec.sidecars ?? []).filter(() => random.chance(0.5))];
  pod.containers = specs.map((container) => planContainer(random, node, pod, container));
  return pod;
}

function planContainer(random: SeededRandom, node: NodePlan, pod: PodPlan, spec: ContainerSpec): ContainerPlan {
  const memoryRequest = pod.qos === 'besteffort' ? 0 : random.pick([64, 128, 256, 512, 1024, 2048]) * MiB;
  const memoryLimit = pod.qos === 'besteffort' ? null : pod.qos === 'guaranteed' ? memoryRequest : memoryRequest * random.pick([1, 2, 2, 4]);
  const container: ContainerPlan = { ...spec, memoryRequest, memoryLimit, oomScoreAdj: oomScoreAdj(pod, memoryRequest, node), attempts: [] };
  container.attempts = planAttempts(random, node, pod, container);
  return container;
}

/** k8s ≥ 1.20 (`pkg/kubelet/qos/policy.go`): -997 guaranteed or node-critical, 1000 best effort, else 3…999. */
function oomScoreAdj(pod: PodPlan, request: number, node: NodePlan): number {
  if (pod.qos === 'guaranteed' || pod.namespace === 'kube-system') return -997;
  if (pod.qos === 'besteffort') return 1000;
  const adj = 1000 - Math.floor((1000 * request) / node.memoryBytes);
  return Math.min(999, Math.max(3, adj));
}

function planAttempts(random: SeededRandom, node: NodePlan, pod: PodPlan, container: ContainerPlan): AttemptPlan[] {
  const start = pod.createdMs + random.between(1_000, 20_000);
  const attempt = (number: number, startMs: number, endMs: number, end: AttemptEnd, exitCode: number | null): AttemptPlan => ({
    attempt: number,
    containerId: random.hex(64),
    pid: random.between(2_000, 4_000_000),
    startMs,
    endMs,
    end,
    exitCode,
    files: [],
  });
  if (container.init || pod.owner === 'job') return [attempt(0, start, start + random.between(2_000, 600_000), 'completed', 0)];
  if (!random.chance(0.14)) return [attempt(0, start, node.collectedMs - random.int(2_000), 'running', null)];
  const restarts = random.between(0, 12);
  const diedMs = random.between(Math.max(start, node.windowStartMs) + HOUR, node.collectedMs - 20 * 60_000);
  const end: AttemptEnd = container.memoryLimit !== null && random.chance(0.6) ? 'oom-killed' : 'error';
  const exitCode = end === 'oom-killed' ? 137 : random.pick([1, 2, 255]);
  const previous = attempt(restarts, Math.max(start, diedMs - random.between(HOUR / 2, 30 * HOUR)), diedMs, end, exitCode);
  const current = attempt(restarts + 1, diedMs + random.between(1_000, 40_000), node.collectedMs - random.int(2_000), 'running', null);
  return [previous, current];
}

export type { AppStyle };
export { podSlice } from './pod-cgroup.js';
