/**
 * Decodes a memory cgroup path, as the kernel prints it in an OOM report or /proc/<pid>/cgroup,
 * into the kubelet's pod and container, or a container some runtime started outside Kubernetes.
 * Every form, with its source, is in docs/cgroup-layouts.md:
 *
 *   /kubepods/burstable/pod6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/3b1f…77
 *   /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1e2d3c_4b5a_4978_8c1d_2e3f4a5b6c7d.slice/cri-containerd-3b1f…77.scope
 *     → { owner: 'kubernetes', level: 'container', qosClass: 'Burstable', podUid: '6f1e2d3c-4b5a-…', containerId: '3b1f…77' }
 *   /system.slice/docker-00748b…12.scope → { owner: 'runtime', runtime: 'docker', podUid: null, containerId: '00748b…12' }
 *
 * The innermost `kubepods` wins, so a kubelet under a prefix (kind, k3d and minikube nodes inside
 * a docker container, LXC payloads, kind's `--cgroup-root=/kubelet`) decodes like any other.
 * Guaranteed pods have no QoS segment; a runtime's nested leaf under the container scope (crun's
 * `container`) is ignored. A path elided by whoever pasted it (`...`, `…`) gives what its visible
 * segments say and nothing more: no Guaranteed from a QoS segment that may be hidden, no owner
 * when the elision may hide a `kubepods`.
 */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Which cgroup of the kubelet's hierarchy a path names (`container` also for a container outside it). */
export type CgroupLevel = 'container' | 'pod' | 'qos' | 'node-allocatable' | 'other';

export type ContainerRuntime = 'containerd' | 'crio' | 'docker' | 'podman';

/**
 * Who made the cgroup: the kubelet (under `kubepods`), a container runtime outside any
 * `kubepods` (docker, podman, CRI-O or containerd on their own), or neither (a host service,
 * a user session, the root). Null when an elision may hide the answer.
 */
export type CgroupOwner = 'kubernetes' | 'runtime' | 'host';

export interface DecodedCgroup {
  path: string;
  level: CgroupLevel;
  driver: 'systemd' | 'cgroupfs' | null;
  owner: CgroupOwner | null;
  /** From the path: the QoS segment, the systemd pod slice's name, or no QoS segment under `kubepods` (Guaranteed). */
  qosClass: QosClass | null;
  /** Dashed form for normal pods; the 32-hex config hash for static pods. */
  podUid: string | null;
  /** 64 lowercase hex, no runtime prefix. */
  containerId: string | null;
  /** From the scope prefix (or `/docker/<id>`); null for bare ids, which every runtime's cgroupfs form shares. */
  runtime: ContainerRuntime | null;
  /** A container monitor's own cgroup (CRI-O's and podman's conmon), beside its container's: the id is the monitored container's. */
  conmon: boolean;
  /** What holds the kubelet's hierarchy: `/docker/<id>` (kind, k3d, minikube), `/lxc.payload.<name>`, `/kubelet.slice`; null at the root or outside Kubernetes. */
  prefix: string | null;
  /** Whoever pasted the path cut segments out (`...`, `…`). */
  elided: boolean;
}

const QOS_SEGMENTS: Record<string, QosClass> = { burstable: 'Burstable', besteffort: 'BestEffort' };
const UID = '[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{32}';
/** cgroupfs `pod<uid>`; systemd `kubepods-[qos-]pod<uid>.slice`, with kind's `kubelet-` in front. */
const POD_SEGMENT = new RegExp(`^(?:[a-z0-9_.]+-)?(?:kubepods-(?:burstable-|besteffort-)?)?pod(${UID})(?:\\.slice)?$`);
const SYSTEMD_POD_SLICE = /^(?:[a-z0-9_.]+-)?kubepods-(?:(burstable|besteffort)-)?pod/;
const CONTAINER_SEGMENT = /^(cri-containerd-|crio-conmon-|crio-|docker-|libpod-conmon-|libpod-)?([0-9a-f]{64})(?:\.scope)?$/;
const RUNTIMES: Record<string, ContainerRuntime> = {
  'cri-containerd-': 'containerd',
  'crio-': 'crio',
  'crio-conmon-': 'crio',
  'docker-': 'docker',
  'libpod-': 'podman',
  'libpod-conmon-': 'podman',
};
const ELISION = /\.\.\.|…/;

export function decodeCgroupPath(path: string): DecodedCgroup {
  const segments = path.split('/').filter(Boolean);
  const decoded: DecodedCgroup = {
    path,
    level: 'other',
    driver: null,
    owner: null,
    qosClass: null,
    podUid: null,
    containerId: null,
    runtime: null,
    conmon: false,
    prefix: null,
    elided: segments.some(isElided),
  };
  const root = findLastIndex(segments, isKubepodsSegment);
  if (root !== -1) {
    decoded.prefix = root > 0 ? `/${segments.slice(0, root).join('/')}` : null;
    decoded.driver = (segments[root] as string).endsWith('.slice') ? 'systemd' : 'cgroupfs';
    decoded.level = 'node-allocatable';
    decodeKubelet(segments, root + 1, false, decoded);
    return decoded;
  }
  const hidden = decoded.elided ? kubeletAfterElision(segments) : -1;
  if (hidden !== -1) {
    decoded.driver = (segments[hidden] as string).endsWith('.slice') ? 'systemd' : 'cgroupfs';
    decodeKubelet(segments, hidden, true, decoded);
    return decoded;
  }
  decodeOutsideKubernetes(segments, decoded);
  return decoded;
}

/**
 * Walks `[qos]/[pod]/[container]` from `start`. `gap`: an elision may hide segments between the
 * root and here, so a missing QoS segment no longer means Guaranteed.
 */
function decodeKubelet(segments: string[], start: number, gap: boolean, decoded: DecodedCgroup): void {
  decoded.owner = 'kubernetes';
  let next = start;
  const skipElided = () => {
    while (next < segments.length && isElided(segments[next] as string)) {
      gap = true;
      next += 1;
    }
  };
  skipElided();
  const qos = qosOf(segments[next]);
  if (qos) {
    decoded.qosClass = qos;
    decoded.level = 'qos';
    next += 1;
    skipElided();
  }
  const pod = segments[next] === undefined ? null : POD_SEGMENT.exec(segments[next] as string);
  if (pod) {
    decoded.podUid = normalisePodUid(pod[1] as string);
    decoded.qosClass ??= qosOfPodSlice(segments[next] as string) ?? (gap ? null : 'Guaranteed');
    decoded.level = 'pod';
    next += 1;
    skipElided();
  }
  if (!pod && !gap) return;
  const container = segments[next] === undefined ? null : CONTAINER_SEGMENT.exec(segments[next] as string);
  if (container) setContainer(decoded, container);
}

/** `/.../kubepods-burstable-pod<uid>.slice/…`: the first kubelet-shaped segment after an elision, when the root is cut out. */
function kubeletAfterElision(segments: string[]): number {
  const first = segments.findIndex(isElided);
  for (let i = first + 1; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    if (isElided(segment)) continue;
    if (qosOf(segment) || POD_SEGMENT.test(segment)) return i;
    if (CONTAINER_SEGMENT.test(segment)) return -1;
  }
  return -1;
}

/**
 * A container no kubelet made: `/docker/<id>`, `/system.slice/docker-<id>.scope`,
 * `/machine.slice/libpod-<id>.scope`, `crio-<id>.scope`, `cri-containerd-<id>.scope`. The
 * innermost one is the victim's; an elision after it may hide a nested one (a kind node's pods),
 * an elision before it may hide a `kubepods`.
 */
function decodeOutsideKubernetes(segments: string[], decoded: DecodedCgroup): void {
  const index = findLastIndex(segments, (segment) => CONTAINER_SEGMENT.test(segment));
  const elidedAfter = index !== -1 && segments.slice(index + 1).some(isElided);
  if (index === -1 || elidedAfter) {
    decoded.owner = decoded.elided ? null : 'host';
    return;
  }
  const segment = segments[index] as string;
  const container = CONTAINER_SEGMENT.exec(segment) as RegExpExecArray;
  setContainer(decoded, container);
  if (!decoded.runtime && segments[index - 1] === 'docker') decoded.runtime = 'docker';
  decoded.driver = segment.endsWith('.scope') ? 'systemd' : 'cgroupfs';
  decoded.owner = decoded.elided ? null : 'runtime';
}

function setContainer(decoded: DecodedCgroup, match: RegExpExecArray): void {
  decoded.level = 'container';
  decoded.containerId = match[2] as string;
  decoded.runtime = RUNTIMES[match[1] ?? ''] ?? null;
  decoded.conmon = match[1] === 'crio-conmon-' || match[1] === 'libpod-conmon-';
}

/** `kubepods`, `kubepods.slice`, or kind's `kubelet-kubepods.slice` under `--cgroup-root=/kubelet`. */
function isKubepodsSegment(segment: string): boolean {
  return segment === 'kubepods' || segment === 'kubepods.slice' || /^[a-z0-9_.]+-kubepods\.slice$/.test(segment);
}

function isElided(segment: string): boolean {
  return ELISION.test(segment);
}

function qosOf(segment: string | undefined): QosClass | null {
  if (!segment) return null;
  const bare = segment.replace(/\.slice$/, '').replace(/^(?:[a-z0-9_.]+-)?kubepods-/, '');
  return QOS_SEGMENTS[bare] ?? null;
}

/** systemd names a pod's slice after all its parents: `kubepods-besteffort-pod<uid>.slice` says BestEffort, `kubepods-pod<uid>.slice` Guaranteed. */
function qosOfPodSlice(segment: string): QosClass | null {
  const match = SYSTEMD_POD_SLICE.exec(segment);
  if (!match) return null;
  return match[1] ? (QOS_SEGMENTS[match[1]] as QosClass) : 'Guaranteed';
}

function findLastIndex(segments: string[], test: (segment: string) => boolean): number {
  for (let i = segments.length - 1; i >= 0; i -= 1) if (test(segments[i] as string)) return i;
  return -1;
}

/** systemd slices write the UID's dashes as underscores; static pods' UIDs have no dashes. */
export function normalisePodUid(uid: string): string {
  return uid.toLowerCase().replace(/_/g, '-');
}
