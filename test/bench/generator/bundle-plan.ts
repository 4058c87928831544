/**
 * The world a generated bundle describes, drawn once from the seed before any byte is written:
 * the node and its boot, the pods with their containers and attempts (restarts, OOM kills, an
 * eviction), how many log bytes each attempt left in which rotated file, and the byte budget of
 * the journal and kernel logs. Every writer reads this plan, so the kernel OOM report, the
 * containerd TaskOOM event, the kubelet PLEG lines, the cgroup counters and the crictl state of
 * one kill all name the same pod, container id, pid and time.
 */
import { SeededRandom } from '../../helpers/seeded-random.js';
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
  for (let i = 0; i < length; i += 1) out += NAME_ALPHABET[random.int(NAME_ALPHABET.length)];
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

/**
 * Spreads the pod log budget over the attempts as on a busy node: about one container in eight
 * is chatty and writes three quarters of the bytes (it rotates, leaving `.gz` files), the rest
 * share the remainder with a heavy tail; then each attempt is cut into the files rotation leaves.
 */
function spreadLogVolume(random: SeededRandom, node: NodePlan, pods: PodPlan[], budget: number): void {
  const attempts = pods.flatMap((pod) => pod.containers.flatMap((container) => container.attempts.map((attempt) => ({ container, attempt }))));
  const chatty = attempts.map(({ container }) => !container.init && random.chance(0.12));
  if (!chatty.includes(true)) chatty[attempts.findIndex(({ container }) => !container.init)] = true;
  const quiet = attempts.map(({ container }, index) => (chatty[index] ? 0 : container.init ? 0.0005 : random.skewed(3)));
  const loud = chatty.map((isChatty) => (isChatty ? 0.5 + random.next() : 0));
  const sum = (values: number[]) => values.reduce((acc, value) => acc + value, 0);
  const scale = (3 * Math.max(sum(quiet), 1e-9)) / sum(loud);
  const bytes = distribute(quiet.map((weight, index) => weight + (loud[index] ?? 0) * scale), budget, 5 * node.rotateBytes);
  attempts.forEach(({ attempt }, index) => (attempt.files = rotatedFiles(random, node, attempt, bytes[index] ?? 0)));
}

/** Shares `total` by weight, no share above `cap`; what a capped share cannot take goes to the others. */
function distribute(weights: number[], total: number, cap: number): number[] {
  const shares = weights.map(() => 0);
  let open = weights.map((_, index) => index);
  let left = total;
  while (left > 1 && open.length > 0) {
    const sum = open.reduce((acc, index) => acc + (weights[index] ?? 0), 0);
    const next: number[] = [];
    let given = 0;
    for (const index of open) {
      const want = (left * (weights[index] ?? 0)) / sum;
      const take = Math.min(want, cap - (shares[index] ?? 0));
      shares[index] = (shares[index] ?? 0) + take;
      given += take;
      if ((shares[index] ?? 0) < cap) next.push(index);
    }
    left -= given;
    if (next.length === open.length) break;
    open = next;
  }
  return shares.map(Math.round);
}

/** `N.log` plus what rotation left: the newest rotated file plain, older ones `.gz`, at most 4. */
function rotatedFiles(random: SeededRandom, node: NodePlan, attempt: AttemptPlan, bytes: number): LogFilePlan[] {
  const sizes: number[] = [];
  let left = bytes;
  while (sizes.length < 4) {
    const size = Math.round(node.rotateBytes * (1 + random.next() * 0.05));
    if (left <= size) break;
    sizes.push(size);
    left -= size;
  }
  sizes.push(left);
  const span = attempt.endMs - attempt.startMs;
  let from = 0;
  return sizes.map((size, index) => {
    const startMs = attempt.startMs + (span * from) / Math.max(1, bytes);
    from += size;
    const endMs = attempt.startMs + (span * from) / Math.max(1, bytes);
    const live = index === sizes.length - 1;
    const gz = !live && index < sizes.length - 2;
    const name = live ? `${attempt.attempt}.log` : `${attempt.attempt}.log.${rotationSuffix(endMs + random.between(1_000, 10_000))}${gz ? '.gz' : ''}`;
    return { name, bytes: size, startMs, endMs, gz };
  });
}

/** Go layout `20060102-150405` in the node's zone (UTC here). */
export function rotationSuffix(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

function planOoms(random: SeededRandom, node: NodePlan, pods: PodPlan[]): OomPlan[] {
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

/** Moves an attempt's files to its (changed) number and time span, keeping each file's share of the span. */
function retimeFiles(files: LogFilePlan[], attempt: AttemptPlan): LogFilePlan[] {
  const first = files[0]?.startMs ?? 0;
  const span = Math.max(1, (files.at(-1)?.endMs ?? 1) - first);
  const scale = (ms: number) => attempt.startMs + ((ms - first) * (attempt.endMs - attempt.startMs)) / span;
  return files.map((file, index) => {
    const live = index === files.length - 1;
    const endMs = scale(file.endMs);
    const name = live ? `${attempt.attempt}.log` : `${attempt.attempt}.log.${rotationSuffix(endMs + 5_000)}${file.gz ? '.gz' : ''}`;
    return { ...file, name, startMs: scale(file.startMs), endMs };
  });
}

function planOom(random: SeededRandom, node: NodePlan, pod: PodPlan, container: ContainerPlan, attempt: AttemptPlan): OomPlan {
  const limitPages = Math.floor((container.memoryLimit ?? node.memoryBytes) / 4096);
  const victim = { pid: attempt.pid, comm: container.comm, rssPages: Math.floor(limitPages * 0.96), totalVmPages: Math.floor(limitPages * 2.3) };
  const tasks = [victim];
  if (random.chance(0.5)) tasks.push({ pid: attempt.pid - 3, comm: 'sh', rssPages: 23, totalVmPages: 596 });
  if (container.style === 'python' && random.chance(0.7)) tasks.push({ pid: attempt.pid + 11, comm: container.comm, rssPages: Math.floor(limitPages * 0.02), totalVmPages: Math.floor(limitPages * 0.5) });
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

/** The pod's cgroup v2 path with the systemd driver: dashes of the UID become underscores. */
export function podSlice(pod: PodPlan): string {
  const uid = pod.uid.replaceAll('-', '_');
  if (pod.qos === 'guaranteed') return `/kubepods.slice/kubepods-pod${uid}.slice`;
  return `/kubepods.slice/kubepods-${pod.qos}.slice/kubepods-${pod.qos}-pod${uid}.slice`;
}

/** One best-effort pod evicted under memory pressure in bundles of 50 MB and more; its container is killed and not restarted. */
function planEviction(random: SeededRandom, node: NodePlan, pods: PodPlan[]): EvictionPlan | null {
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

export type { AppStyle };
