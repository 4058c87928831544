/**
 * The bundle layout: every logical source the analyzer knows, and where it may live in a
 * bundle. This is the only file that knows paths. Candidates are tried in order; the first
 * ones are the podmortem collector's bundle format v1 (DESIGN.md §2), later ones accept
 * hand-assembled bundles. File names are hints only: parsers recognise formats by content.
 *
 * Pattern syntax: `*` matches within one path segment, `**` matches any number of segments.
 */
export const BUNDLE_FORMAT = 'podmortem-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export type SourceGroup = 'collection' | 'kernel' | 'journal' | 'pods' | 'cgroup' | 'runtime' | 'stats' | 'system';

export interface SourceLayout {
  title: string;
  group: SourceGroup;
  candidates: readonly string[];
  /** Several files make up this source (all are read); otherwise the first candidate found wins. */
  many: boolean;
  /** Symlink entries at these paths are data (the `/var/log/containers` table), not refused. */
  linksAreData?: boolean;
  /**
   * A note about the bundle, not evidence from the node: never expected (listed in data coverage
   * only when found), and it never decides which folder is the bundle root or whose layout it is.
   */
  aboutBundle?: boolean;
}

export const LAYOUT = {
  manifest: { title: 'Collection manifest', group: 'collection', many: false, candidates: ['manifest.json'] },
  // Written by `podmortem redact` at the top of its output; read only at the bundle root (redact/redaction-record.ts).
  redactionRecord: { title: 'Redaction record (podmortem redact)', group: 'collection', many: false, aboutBundle: true, candidates: ['podmortem-redaction.json'] },
  kernel: {
    title: 'Kernel messages (dmesg, kern.log)',
    group: 'kernel',
    many: true,
    candidates: ['kernel/*', 'dmesg', 'dmesg.txt', 'dmesg.log', 'var/log/kern.log*', 'var/log/messages*', 'var/log/syslog*', 'var/log/dmesg*'],
  },
  journal: {
    title: 'systemd journal (kubelet, runtime, kernel)',
    group: 'journal',
    many: true,
    candidates: ['journal/*', 'journal.export', 'journal.json', 'journal.txt', 'kubelet.log', 'containerd.log', 'crio.log'],
  },
  podLogs: { title: 'Pod logs (/var/log/pods)', group: 'pods', many: true, candidates: ['pods/**', 'var/log/pods/**'] },
  containerLinks: {
    title: 'Container log links (/var/log/containers)',
    group: 'pods',
    many: true,
    linksAreData: true,
    candidates: ['containers.txt', 'containers/*', 'var/log/containers/*'],
  },
  cgroup: { title: 'cgroup memory state', group: 'cgroup', many: true, candidates: ['cgroup/**', 'sys/fs/cgroup/**'] },
  crictl: { title: 'Container runtime state (crictl)', group: 'runtime', many: true, candidates: ['runtime/crictl-*.json', 'runtime/inspect/*.json'] },
  runtimeConfig: {
    title: 'Container runtime configuration',
    group: 'runtime',
    many: true,
    candidates: ['runtime/containerd-config.toml', 'runtime/crio.conf', 'runtime/crio.conf.d/*', 'etc/containerd/config.toml', 'etc/crio/crio.conf'],
  },
  kubeletConfig: {
    title: 'kubelet configuration',
    group: 'runtime',
    many: false,
    candidates: ['runtime/kubelet-config.yaml', 'var/lib/kubelet/config.yaml'],
  },
  top: { title: 'top -b', group: 'stats', many: false, candidates: ['stats/top.txt', 'top.txt'] },
  vmstat: { title: 'vmstat', group: 'stats', many: false, candidates: ['stats/vmstat.txt', 'vmstat.txt'] },
  iostat: { title: 'iostat -x', group: 'stats', many: false, candidates: ['stats/iostat.txt', 'iostat.txt'] },
  ps: { title: 'Processes (ps, oom_score_adj, cgroup)', group: 'stats', many: false, candidates: ['stats/ps.txt', 'ps.txt'] },
  sockets: {
    title: 'Listening sockets (ss / netstat -tulpn)',
    group: 'stats',
    many: false,
    candidates: ['stats/ss.txt', 'stats/netstat-tulpn.txt', 'ss.txt', 'netstat.txt'],
  },
  routes: {
    title: 'Routes (ip route / netstat -rn)',
    group: 'stats',
    many: false,
    candidates: ['stats/ip-route.txt', 'stats/netstat-rn.txt', 'stats/proc-net-route.txt', 'ip-route.txt', 'proc/net/route'],
  },
  ipv6Routes: {
    title: 'IPv6 routes (ip -6 route / route -A inet6)',
    group: 'stats',
    many: false,
    candidates: ['stats/ip6-route.txt', 'stats/route-inet6.txt', 'stats/proc-net-ipv6-route.txt', 'ip6-route.txt', 'proc/net/ipv6_route'],
  },
  meminfo: { title: '/proc/meminfo', group: 'stats', many: false, candidates: ['stats/meminfo.txt', 'proc/meminfo'] },
  procVmstat: { title: '/proc/vmstat', group: 'stats', many: false, candidates: ['stats/proc-vmstat.txt', 'proc/vmstat'] },
  procStat: { title: '/proc/stat', group: 'stats', many: false, candidates: ['stats/proc-stat.txt', 'proc/stat'] },
  loadavg: { title: '/proc/loadavg', group: 'stats', many: false, candidates: ['stats/loadavg.txt', 'proc/loadavg'] },
  pressure: { title: 'Pressure stall information (/proc/pressure)', group: 'stats', many: true, candidates: ['stats/pressure/*', 'proc/pressure/*'] },
  df: { title: 'df -P', group: 'stats', many: false, candidates: ['stats/df.txt', 'df.txt'] },
  dfInodes: { title: 'df -i', group: 'stats', many: false, candidates: ['stats/df-inodes.txt', 'df-i.txt'] },
  free: { title: 'free', group: 'stats', many: false, candidates: ['stats/free.txt', 'free.txt'] },
  osRelease: { title: 'os-release', group: 'system', many: false, candidates: ['system/os-release', 'etc/os-release'] },
  uname: { title: 'uname -a', group: 'system', many: false, candidates: ['system/uname.txt'] },
  kubeletFlags: { title: 'kubelet command line', group: 'system', many: false, candidates: ['system/kubelet-flags.txt'] },
  kubeletUnit: { title: 'kubelet unit files (systemctl cat)', group: 'system', many: false, candidates: ['system/kubelet-unit.txt'] },
  kubeletKubeconfig: { title: 'kubelet kubeconfig (redacted)', group: 'system', many: false, candidates: ['system/kubelet-kubeconfig.yaml'] },
  journalBoots: { title: 'journalctl --list-boots', group: 'system', many: false, candidates: ['system/journal-boots.txt'] },
  journalDiskUsage: { title: 'journalctl --disk-usage', group: 'system', many: false, candidates: ['system/journal-disk-usage.txt'] },
  // Other collectors' record of when they ran (date, uptime, sos's manifest); podmortem's is in manifest.json.
  collectionClock: { title: 'Clock at collection (date, uptime)', group: 'system', many: true, candidates: [] },
} as const satisfies Record<string, SourceLayout>;

export type SourceId = keyof typeof LAYOUT;

export const SOURCE_IDS = Object.keys(LAYOUT) as SourceId[];

export function sourceLayout(id: SourceId): SourceLayout {
  return LAYOUT[id];
}
