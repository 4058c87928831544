/**
 * `manifest.json` (schema in src/sources/manifest.ts): the collection, its time anchors, and one
 * item per collected file with what it came from, plus the items a busy node could not give
 * (no netstat on Debian 12).
 */
import type { BundlePlan } from './bundle-plan.js';
import type { BundleEntry } from './tar-gz-sink.js';

const COMMANDS: [prefix: string, what: string][] = [
  ['kernel/dmesg.txt', 'dmesg'],
  ['journal/kubelet.export', 'journalctl -u kubelet -o export --since'],
  ['journal/runtime.export', 'journalctl -u containerd -u crio -u docker -o export --since'],
  ['journal/kernel.export', 'journalctl _TRANSPORT=kernel -o export --since'],
  ['pods/', '/var/log/pods'],
  ['containers.txt', 'ls -l /var/log/containers'],
  ['cgroup/', '/sys/fs/cgroup'],
  ['runtime/crictl-ps.json', 'crictl ps -a -o json'],
  ['runtime/crictl-pods.json', 'crictl pods -o json'],
  ['runtime/inspect/', 'crictl inspect'],
  ['runtime/containerd-config.toml', '/etc/containerd/config.toml'],
  ['runtime/kubelet-config.yaml', '/var/lib/kubelet/config.yaml'],
  ['stats/ps.txt', '/proc/*/{stat,status,cgroup,oom_score_adj,cmdline}'],
  ['stats/top.txt', 'top -b -n 1'],
  ['stats/vmstat.txt', 'vmstat -w -t 1 5'],
  ['stats/iostat.txt', 'iostat -x -t 1 3'],
  ['stats/ss.txt', 'ss -tulpn'],
  ['stats/ip-route.txt', 'ip route'],
  ['stats/ip6-route.txt', 'ip -6 route'],
  ['stats/df.txt', 'df -P'],
  ['stats/df-inodes.txt', 'df -P -i'],
  ['stats/free.txt', 'free'],
  ['stats/', '/proc'],
  ['system/uname.txt', 'uname -a'],
  ['system/journal-boots.txt', 'journalctl --list-boots'],
  ['system/journal-disk-usage.txt', 'journalctl --disk-usage'],
  ['system/kubelet-unit.txt', 'systemctl cat kubelet'],
  ['system/kubelet-kubeconfig.yaml', '/etc/kubernetes/kubelet.conf'],
  ['system/', '/etc'],
];

interface ManifestItem {
  path: string;
  what: string;
  status: 'ok' | 'missing';
  exitCode: number | null;
  bytes: number | null;
  durationMs: number;
  note: string | null;
}

function whatOf(path: string): string {
  const command = COMMANDS.find(([prefix]) => path.startsWith(prefix));
  return command ? command[1] : path;
}

export function manifestFile(plan: BundlePlan, entries: readonly BundleEntry[]): string {
  const { node } = plan;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const files = entries.filter((entry) => !entry.path.endsWith('/'));
  const items: ManifestItem[] = files.map((entry, index) => ({ path: entry.path, what: whatOf(entry.path), status: 'ok', exitCode: 0, bytes: entry.bytes, durationMs: 1 + (index % 37), note: null }));
  items.push({ path: 'stats/netstat-tulpn.txt', what: 'netstat -tulpn', status: 'missing', exitCode: null, bytes: null, durationMs: 0, note: 'tool not found' });
  const usedBytes = files.reduce((sum, entry) => sum + entry.bytes, 0);
  const manifest = {
    format: 'podmortem-bundle',
    formatVersion: 1,
    collector: { name: 'podmortem-collect', version: '0.1.0' },
    node: node.name,
    collection: {
      start: iso(node.collectedMs),
      end: iso(node.collectedMs + 41_000),
      since: iso(node.windowStartMs),
      mode: 'host',
      root: '/',
      budgetBytes: Math.max(usedBytes * 2, 256 * 1024 * 1024),
      usedBytes,
      redact: true,
    },
    anchors: {
      wallClockUtc: iso(node.collectedMs),
      uptimeSeconds: Math.round((node.collectedMs - node.bootMs) / 10) / 100,
      btime: Math.floor(node.bootMs / 1000),
      bootId: `${node.bootId.slice(0, 8)}-${node.bootId.slice(8, 12)}-${node.bootId.slice(12, 16)}-${node.bootId.slice(16, 20)}-${node.bootId.slice(20)}`,
      timezone: 'UTC',
      utcOffset: '+0000',
    },
    items,
    missingTools: ['netstat'],
    redactions: [{ path: 'runtime/kubelet-config.yaml', count: 1 }],
  };
  return `${JSON.stringify(manifest, null, 1)}\n`;
}
