/**
 * Decodes a memory cgroup path, as the kernel prints it in an OOM report or /proc/<pid>/cgroup,
 * into the kubelet's pod and container. Both drivers, every QoS class, every runtime
 * (domain-facts §3.2–3.3):
 *
 *   /kubepods/burstable/pod6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/3b1f…77
 *   /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1e2d3c_4b5a_4978_8c1d_2e3f4a5b6c7d.slice/cri-containerd-3b1f…77.scope
 *     → { level: 'container', qosClass: 'Burstable', podUid: '6f1e2d3c-4b5a-…', containerId: '3b1f…77' }
 *
 * Guaranteed pods have no QoS segment; a prefix before `kubepods` (kind's `/kubelet.slice/…`, LXC
 * payloads) is allowed; a runtime's nested leaf under the container scope (crun's `container`)
 * is ignored.
 */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Which cgroup of the kubelet's hierarchy a path names. */
export type CgroupLevel = 'container' | 'pod' | 'qos' | 'node-allocatable' | 'other';

export interface DecodedCgroup {
  path: string;
  level: CgroupLevel;
  driver: 'systemd' | 'cgroupfs' | null;
  /** From the path: the QoS segment, or its absence under a pod (Guaranteed). */
  qosClass: QosClass | null;
  /** Dashed form for normal pods; the 32-hex config hash for static pods. */
  podUid: string | null;
  /** 64 lowercase hex, no runtime prefix. */
  containerId: string | null;
  /** From the scope prefix; null for cgroupfs containerd, whose ids are bare. */
  runtime: 'containerd' | 'crio' | 'docker' | null;
  /** CRI-O's conmon monitor process cgroup, beside its container's. */
  conmon: boolean;
}

const QOS_SEGMENTS: Record<string, QosClass> = { burstable: 'Burstable', besteffort: 'BestEffort' };
const POD_SEGMENT = /^(?:[a-z0-9_.]+-)?(?:kubepods-(?:burstable-|besteffort-)?)?pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{32})(?:\.slice)?$/;
const CONTAINER_SEGMENT = /^(cri-containerd-|crio-conmon-|crio-|docker-)?([0-9a-f]{64})(?:\.scope)?$/;
const RUNTIMES: Record<string, DecodedCgroup['runtime']> = { 'cri-containerd-': 'containerd', 'crio-': 'crio', 'crio-conmon-': 'crio', 'docker-': 'docker' };

export function decodeCgroupPath(path: string): DecodedCgroup {
  const decoded: DecodedCgroup = { path, level: 'other', driver: null, qosClass: null, podUid: null, containerId: null, runtime: null, conmon: false };
  const segments = path.split('/').filter(Boolean);
  const root = segments.findIndex(isKubepodsSegment);
  if (root === -1) return decoded;
  decoded.driver = (segments[root] as string).endsWith('.slice') ? 'systemd' : 'cgroupfs';
  decoded.level = 'node-allocatable';

  let next = root + 1;
  const qos = qosOf(segments[next]);
  if (qos) {
    decoded.qosClass = qos;
    decoded.level = 'qos';
    next += 1;
  }
  const pod = segments[next] === undefined ? null : POD_SEGMENT.exec(segments[next] as string);
  if (!pod) return decoded;
  decoded.podUid = normalisePodUid(pod[1] as string);
  decoded.qosClass ??= 'Guaranteed';
  decoded.level = 'pod';

  const container = segments[next + 1] === undefined ? null : CONTAINER_SEGMENT.exec(segments[next + 1] as string);
  if (!container) return decoded;
  decoded.level = 'container';
  decoded.containerId = container[2] as string;
  decoded.runtime = RUNTIMES[container[1] ?? ''] ?? null;
  decoded.conmon = container[1] === 'crio-conmon-';
  return decoded;
}

/** `kubepods`, `kubepods.slice`, or kind's `kubelet-kubepods.slice` under `--cgroup-root=/kubelet`. */
function isKubepodsSegment(segment: string): boolean {
  return segment === 'kubepods' || segment === 'kubepods.slice' || /^[a-z0-9_.]+-kubepods\.slice$/.test(segment);
}

function qosOf(segment: string | undefined): QosClass | null {
  if (!segment) return null;
  const bare = segment.replace(/\.slice$/, '').replace(/^(?:[a-z0-9_.]+-)?kubepods-/, '');
  return QOS_SEGMENTS[bare] ?? null;
}

/** systemd slices write the UID's dashes as underscores; static pods' UIDs have no dashes. */
export function normalisePodUid(uid: string): string {
  return uid.toLowerCase().replace(/_/g, '-');
}
