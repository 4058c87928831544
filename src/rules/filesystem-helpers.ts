/**
 * Shared by filesystem-nearly-full and inodes-nearly-full: which df rows are real filesystems,
 * which of them the kubelet cares about (nodefs: /var/lib/kubelet; imagefs: the runtime's root;
 * the logs under /var/log), and the kubelet's hard eviction thresholds for them.
 */
import type { NodeModel } from '../model/index.js';
import type { Evidence, FindingData, FindingInput } from './define-rule.js';
import { snapshotTime } from './vitals-helpers.js';

export type FilesystemRole = 'nodefs' | 'imagefs' | 'logs';

/** Filesystems that live in memory or mirror another one: never "full" in a way that matters here. */
const PSEUDO_NAMES = new Set([
  'tmpfs',
  'devtmpfs',
  'udev',
  'overlay',
  'overlayfs',
  'shm',
  'none',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'efivarfs',
  'lxcfs',
  'squashfs',
  'ramfs',
  'devpts',
  'mqueue',
  'bpf',
  'tracefs',
  'nsfs',
]);
const PSEUDO_TYPES = new Set([...PSEUDO_NAMES, 'fuse.lxcfs', 'iso9660', 'autofs', 'nsfs', 'securityfs', 'pstore', 'debugfs', 'configfs', 'fusectl', 'hugetlbfs', 'binfmt_misc']);
/** Container root filesystems and sandboxes, snap loop mounts (always 100 %), kernel interfaces. */
const PSEUDO_MOUNTS =
  /^\/(?:run\/(?:containerd|k3s|crio|docker|netns)\/|var\/lib\/docker\/(?:overlay2|containers)\/|var\/lib\/containers\/storage\/overlay|snap\/|proc(?:\/|$)|sys(?:\/|$)|dev(?:\/|$))/;

/** Where the runtimes keep images and writable layers, by the socket the kubelet talks to. */
const RUNTIME_ROOTS: [RegExp, string][] = [
  [/k3s\/containerd/, '/var/lib/rancher/k3s/agent/containerd'],
  [/rke2\/containerd/, '/var/lib/rancher/rke2/agent/containerd'],
  [/containerd/, '/var/lib/containerd'],
  [/crio/, '/var/lib/containers'],
  [/docker/, '/var/lib/docker'],
];

/** Rows shaped alike by df and df -i. */
export interface MountRow {
  line: number;
  filesystem: string;
  type: string | null;
  mountedOn: string;
}

export function isRealFilesystem(row: MountRow): boolean {
  if (row.type !== null && PSEUDO_TYPES.has(row.type)) return false;
  if (PSEUDO_NAMES.has(row.filesystem) || /^\/dev\/loop\d+$/.test(row.filesystem)) return false;
  return !PSEUDO_MOUNTS.test(row.mountedOn);
}

/** The row whose mount point holds `path`: the longest mount point that is `path` or a parent of it. */
export function holderOf<R extends MountRow>(rows: readonly R[], path: string): R | null {
  let best: R | null = null;
  for (const row of rows) {
    const mount = row.mountedOn;
    const holds = path === mount || mount === '/' || path.startsWith(`${mount}/`);
    if (holds && (best === null || mount.length > best.mountedOn.length)) best = row;
  }
  return best;
}

/** The runtime root: a runtime directory that is its own mount point, else the one the kubelet's endpoint (flag, then config file) names. */
function runtimeRoot(model: NodeModel, rows: readonly MountRow[]): string {
  const mounted = RUNTIME_ROOTS.map(([, root]) => root).find((root) => rows.some((row) => row.mountedOn === root));
  if (mounted) return mounted;
  const { kubeletFlags, kubeletConfig } = model.system;
  const endpoint = kubeletFlags?.containerRuntimeEndpoint ?? kubeletConfig?.containerRuntimeEndpoint ?? '';
  return RUNTIME_ROOTS.find(([pattern]) => pattern.test(endpoint))?.[1] ?? '/var/lib/containerd';
}

/** Roles per mount point of the real rows; imagefs is `dedicated` when it is not the nodefs filesystem. */
export function filesystemRoles(model: NodeModel, rows: readonly MountRow[]): { roles: Map<string, FilesystemRole[]>; dedicatedImagefs: boolean } {
  const roles = new Map<string, FilesystemRole[]>();
  const add = (path: string, role: FilesystemRole) => {
    const holder = holderOf(rows, path);
    if (holder) roles.set(holder.mountedOn, [...(roles.get(holder.mountedOn) ?? []), role]);
    return holder;
  };
  const nodefs = add('/var/lib/kubelet', 'nodefs');
  const imagefs = add(runtimeRoot(model, rows), 'imagefs');
  add('/var/log', 'logs');
  return { roles, dedicatedImagefs: imagefs !== null && imagefs !== nodefs };
}

/** The kubelet's defaults on Linux (k/k pkg/kubelet/apis/config/v1beta1/defaults_linux.go, release-1.34). */
const DEFAULT_EVICTION_HARD: Record<string, string> = { 'memory.available': '100Mi', 'nodefs.available': '10%', 'imagefs.available': '15%', 'nodefs.inodesFree': '5%' };

/** Where the hard eviction thresholds in force were read. */
export type EvictionSource = 'kubelet-flags' | 'kubelet-config' | 'kubelet-defaults';

export interface EvictionThresholds {
  thresholds: Record<string, string>;
  from: EvictionSource;
  /** The flags file or the config file's `evictionHard` line; null for the defaults. */
  evidence: Evidence | null;
}

/**
 * The hard eviction thresholds as the kubelet resolves them:
 *
 * - A command-line flag overrides the config file ("Command line flags which target the same value
 *   as a config file will override that value", kubernetes.io tasks/administer-cluster/
 *   kubelet-config-file), and `--eviction-hard` replaces the whole map, even with no entry.
 * - Else the config file's `evictionHard`, when the field is there (`{}` included).
 * - Else the defaults.
 *
 * The signals a flag or the file leaves out are not defaulted. Checked: the kubelet sets
 * DefaultEvictionHard only when the field is nil (k/k v1beta1 defaults.go, `if obj.EvictionHard ==
 * nil`), and the node-pressure-eviction concept page says the defaults "will only be set if none
 * of the parameters is changed. If you changed the value of any parameter, then the values of
 * other parameters will not be inherited as the default values and will be set to zero". Recent
 * kubelets add `mergeDefaultEvictionSettings`; when the file sets it true, "signals not specified
 * in this configuration inherit their defaults" (KubeletConfiguration field doc), which we apply
 * to whichever map is in force since flags land in the same configuration.
 */
export function evictionHard(model: NodeModel): EvictionThresholds {
  const { kubeletFlags: flags, kubeletConfig } = model.system;
  const config = kubeletConfig && (kubeletConfig.kind === null || kubeletConfig.kind === 'KubeletConfiguration') ? kubeletConfig : null;
  const merge = (thresholds: Record<string, string>) => (config?.mergeDefaultEvictionSettings ? { ...DEFAULT_EVICTION_HARD, ...thresholds } : thresholds);
  const flagSet = flags !== null && Object.prototype.hasOwnProperty.call(flags.flags, 'eviction-hard') && !flags.redacted.includes('eviction-hard');
  if (flagSet) return { thresholds: merge(flags.evictionHard), from: 'kubelet-flags', evidence: { path: flags.file, line: null } };
  if (config?.evictionHard) return { thresholds: merge(config.evictionHard), from: 'kubelet-config', evidence: { path: config.file, line: config.lines.evictionHard ?? null } };
  return { thresholds: DEFAULT_EVICTION_HARD, from: 'kubelet-defaults', evidence: null };
}

/** `10%` → 10, `1Gi` of a 20 GiB capacity → 5; null when unreadable or the capacity is unknown. */
export function thresholdPercent(text: string | undefined, capacity: number | null, unitBytes: number): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  // The kubelet ignores a threshold of exactly 0% or 100% (parseThresholdStatement in k/k
  // pkg/kubelet/eviction/helpers.go): the signal is off, not "always under pressure".
  if (trimmed === '0%' || trimmed === '100%') return null;
  if (trimmed.endsWith('%')) {
    const percent = Number(trimmed.slice(0, -1));
    return Number.isFinite(percent) ? percent : null;
  }
  const match = /^(\d+(?:\.\d+)?)([KMGTPE]i?|k)?$/.exec(trimmed);
  if (!match || !capacity) return null;
  const suffix = match[2] ?? '';
  const power = suffix === '' ? 0 : 'KMGTPE'.indexOf(suffix[0]!.toUpperCase()) + 1;
  const amount = Number(match[1]) * (suffix.endsWith('i') ? 1024 : 1000) ** power;
  return (amount / (capacity * unitBytes)) * 100;
}

/** The pod a mount point belongs to: `/var/lib/kubelet/pods/<uid>/volumes/…` (a PVC, an emptyDir on disk). */
export function podOfMount(model: NodeModel, mountedOn: string): { namespace: string | null; pod: string } | null {
  const uid = /^\/var\/lib\/kubelet\/pods\/([0-9a-f-]{32,36})\//.exec(mountedOn)?.[1];
  if (!uid) return null;
  const pod = model.pods.find((candidate) => candidate.uid === uid);
  return { namespace: pod?.namespace ?? null, pod: pod?.name ?? uid };
}

/** Rows of one filesystem mounted at several places (bind mounts, a PVC's global and pod mounts): the shortest mount first. */
export function byFilesystem<R extends MountRow>(rows: readonly R[], sizeOf: (row: R) => number | null): R[][] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = `${row.filesystem}\u0000${sizeOf(row)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => a.mountedOn.length - b.mountedOn.length || a.line - b.line));
}

/** A df or df -i row with its capacity and free amount in one unit (KiB or inodes). */
export interface UsageRow extends MountRow {
  capacity: number | null;
  free: number | null;
  /** df's own Use% / IUse%. */
  usePercent: number | null;
}

export interface FullFilesystem {
  row: UsageRow;
  /** Every mount point of the filesystem, shortest first. */
  mounts: string[];
  roles: FilesystemRole[];
  usePercent: number;
  /** Free as the kubelet measures it: available / capacity. */
  freePercent: number | null;
  /** The hard eviction thresholds it is below, as `nodefs.available<10%`. */
  evictionSignals: string[];
  evictionFrom: EvictionSource;
  /** Where the thresholds were set, when a finding rests on one. */
  evictionEvidence: Evidence | null;
  severity: 'critical' | 'warning';
  pod: { namespace: string | null; pod: string } | null;
}

export interface UsageLimits {
  warningPercent: number;
  criticalPercent: number;
  /** `available` (bytes) or `inodesFree`, as the kubelet names its signals. */
  signal: 'available' | 'inodesFree';
  /** Bytes per unit of capacity, to read absolute thresholds (`1Gi`). */
  unitBytes: number;
}

/** Real filesystems at or above the warning level or below a kubelet eviction threshold, one per filesystem. */
export function fullFilesystems(model: NodeModel, rows: readonly UsageRow[], limits: UsageLimits): FullFilesystem[] {
  const real = rows.filter((row) => isRealFilesystem(row) && row.capacity !== null && row.capacity > 0 && row.usePercent !== null);
  const { roles, dedicatedImagefs } = filesystemRoles(model, real);
  const eviction = evictionHard(model);
  const found: FullFilesystem[] = [];
  for (const group of byFilesystem(real, (row) => row.capacity)) {
    const row = group[0]!;
    const own = [...new Set(group.flatMap((member) => roles.get(member.mountedOn) ?? []))];
    const freePercent = row.free === null ? null : (row.free / row.capacity!) * 100;
    const judged = own.filter((role): role is 'nodefs' | 'imagefs' => role === 'nodefs' || (role === 'imagefs' && dedicatedImagefs));
    const evictionSignals = judged.flatMap((role) => {
      const name = `${role}.${limits.signal}`;
      const threshold = thresholdPercent(eviction.thresholds[name], row.capacity, limits.unitBytes);
      return threshold !== null && freePercent !== null && freePercent < threshold ? [`${name}<${eviction.thresholds[name]}`] : [];
    });
    const usePercent = row.usePercent!;
    if (usePercent < limits.warningPercent && evictionSignals.length === 0) continue;
    found.push({
      row,
      mounts: group.map((member) => member.mountedOn),
      roles: own,
      usePercent,
      freePercent: freePercent === null ? null : Math.round(freePercent * 10) / 10,
      evictionSignals,
      evictionFrom: eviction.from,
      evictionEvidence: evictionSignals.length > 0 ? eviction.evidence : null,
      severity: usePercent >= limits.criticalPercent || evictionSignals.length > 0 ? 'critical' : 'warning',
      pod: group.map((member) => podOfMount(model, member.mountedOn)).find((pod) => pod !== null) ?? null,
    });
  }
  return found.sort((a, b) => b.usePercent - a.usePercent || a.row.mountedOn.localeCompare(b.row.mountedOn));
}

export type FullFilesystemMessage = 'nearly-full' | 'kubelet-fs-nearly-full' | 'below-eviction';

/** Which message a full filesystem gets: the eviction threshold first, then a kubelet role, then plain. */
function messageOf(full: FullFilesystem): FullFilesystemMessage {
  if (full.evictionSignals.length > 0) return 'below-eviction';
  return full.roles.length > 0 ? 'kubelet-fs-nearly-full' : 'nearly-full';
}

/** One finding per full filesystem of a df table; `amounts` adds the rule's own figures (MiB or inodes). */
export function fullFilesystemFindings(
  model: NodeModel,
  file: string,
  rows: readonly UsageRow[],
  limits: UsageLimits,
  amounts: (row: UsageRow) => FindingData,
): FindingInput<FullFilesystemMessage, 'critical' | 'warning'>[] {
  return fullFilesystems(model, rows, limits).map((full) => ({
    messageId: messageOf(full),
    severity: full.severity,
    data: {
      filesystem: full.row.filesystem,
      mountedOn: full.row.mountedOn,
      mounts: full.mounts,
      roles: full.roles,
      usePercent: full.usePercent,
      freePercent: full.freePercent,
      ...amounts(full.row),
      evictionSignals: full.evictionSignals,
      evictionFrom: full.evictionFrom,
    },
    subject: { device: full.row.filesystem, namespace: full.pod?.namespace ?? null, pod: full.pod?.pod ?? null },
    time: snapshotTime(model),
    evidence: [{ path: file, line: full.row.line }, ...(full.evictionEvidence ? [full.evictionEvidence] : [])],
  }));
}
