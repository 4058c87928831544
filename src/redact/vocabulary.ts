/**
 * Names that no pattern can find in free text — a single-label hostname (`worker-3`), a user
 * name, with `--names` a namespace, workload or container name — are learned first, from the
 * places that say what they are (the manifest, `_HOSTNAME=`, syslog's host column, `uname -a`,
 * `/home/<user>`, `pods/<ns>_<pod>_<uid>/<container>/`, crictl's labels), in a pass over the
 * whole input before anything is written; then every occurrence anywhere is replaced. Learning
 * from the whole input first is what makes the result independent of entry order.
 */
import { ownerName } from '../model/index.js';
import { detach } from '../util/cap-text.js';

export type VocabularyKind = 'host' | 'user' | 'name';

/** Accounts every Linux system or cloud image has: naming them tells nothing about the sender. */
const COMMON_USERS = new Set([
  'root',
  'nobody',
  'daemon',
  'bin',
  'sys',
  'sync',
  'games',
  'man',
  'lp',
  'mail',
  'news',
  'uucp',
  'proxy',
  'www-data',
  'backup',
  'list',
  'irc',
  'gnats',
  'messagebus',
  'syslog',
  '_apt',
  'sshd',
  'polkitd',
  'chrony',
  'ntp',
  'kubelet',
  'containerd',
  'ubuntu',
  'ec2-user',
  'centos',
  'admin',
  'core',
  'debian',
  'fedora',
  'cloud-user',
  'rancher',
  'docker',
  'user',
  'unknown',
  'system',
  'node',
]);

/** Namespaces and workloads of Kubernetes and common add-ons: public names, and rules read some of them. */
const COMMON_NAMES = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'kube-proxy',
  'coredns',
  'aws-node',
  'kube-flannel',
  'kube-flannel-ds',
  'flannel',
  'calico-node',
  'cilium',
  'etcd',
  'kube-apiserver',
  'kube-scheduler',
  'kube-controller-manager',
  'metrics-server',
  'ebs-csi-node',
  'pause',
  'install-cni',
  'node-problem-detector',
  'konnectivity-agent',
  'local-path-provisioner',
  'traefik',
  'ingress-nginx',
]);

/**
 * Words the bundle's own structure uses (JSON keys, file names, log vocabulary): a pod or
 * namespace that happens to be called `node` must not turn the manifest's `"node":` key into a
 * pseudonym. Such a name stays; it says little about the sender.
 */
const STRUCTURE_WORDS = new Set([
  'node',
  'nodes',
  'pod',
  'pods',
  'name',
  'names',
  'namespace',
  'container',
  'containers',
  'memory',
  'kernel',
  'system',
  'cgroup',
  'runtime',
  'stats',
  'journal',
  'manifest',
  'image',
  'status',
  'state',
  'value',
  'key',
  'type',
  'kind',
  'path',
  'log',
  'logs',
  'data',
  'time',
  'items',
  'id',
  'uid',
  'pid',
  'mode',
  'root',
  'host',
  'user',
  'app',
  'init',
  'main',
  'test',
  'job',
  'cron',
  'service',
  'config',
  'events',
  'reason',
  'message',
  'labels',
  'annotations',
  'metadata',
  'spec',
  'error',
  'warning',
  'info',
  'debug',
  'true',
  'false',
  'null',
  'none',
  'oom',
]);

const COMMON_HOSTS = new Set(['localhost', 'localhost.localdomain', 'localdomain', 'ip6-localhost', 'ip6-loopback']);

const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const USER = /^[a-z_][a-z0-9_.-]{1,31}$/i;
const NAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

const POD_DIR = /^([a-z0-9][a-z0-9-]*)_([a-z0-9][a-z0-9.-]*)_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTAINER_LOG = /^([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*)_([a-z0-9][a-z0-9-]*)-[0-9a-f]{64}\.log$/;
const BUNDLE_DIR = /^podmortem-(.+)-\d{8}T\d{6}Z$/;

const LINE_RULES: [VocabularyKind | 'pod' | 'podRef', RegExp][] = [
  ['host', /^_HOSTNAME=(\S+)$/],
  ['host', /"node"\s*:\s*"([^"]+)"/],
  ['host', /--hostname-override[= ]"?([^\s"]+)/],
  ['host', /system:node:([A-Za-z0-9.-]+)/],
  ['host', /^Linux (\S+) \d+\.\d+/],
  ['host', /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) /],
  ['host', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* (\S+) \S+?(?:\[\d+\])?: /],
  ['user', /\/home\/([^/\s"':]+)/],
  ['user', /\b(?:USER|LOGNAME|SUDO_USER|USERNAME)=([^\s"';]+)/],
  ['user', /\bfor (?:invalid )?user (\S+)/],
  ['user', /\bAccepted \S+ for (\S+) from/],
  ['user', /\b(?:ruser|acct|user)="?([^\s"',)]+)/],
  ['pod', /"io\.kubernetes\.pod\.name"\s*:\s*"([^"]+)"/],
  ['name', /"io\.kubernetes\.(?:pod\.namespace|container\.name)"\s*:\s*"([^"]+)"/],
  ['podRef', /\bpods?="([a-z0-9-]+)\/([a-z0-9.-]+)"/],
];

/**
 * Something every LINE_RULES pattern needs in a line (its literal part; for the two syslog
 * forms, the time of day followed by what comes after it), as one scan: a line without it
 * teaches nothing, and most lines are without it. Never matches across a newline.
 */
export const LEARN_TRIGGER =
  /_HOSTNAME=|"node"|--hostname-override|system:node:|Linux |:\d\d:\d\d(?: |\S* \S+ \S+?(?:\[\d+\])?: )|\/home\/|USER=|USERNAME=|LOGNAME=|user[ =]|Accepted |acct=|"io\.kubernetes\.|pods?="/g;

export class Vocabulary {
  readonly hosts = new Set<string>();
  readonly users = new Set<string>();
  readonly names = new Set<string>();

  constructor(private readonly withNames: boolean) {}

  learnPath(path: string): void {
    const segments = path.split('/');
    segments.forEach((segment, index) => {
      const bundle = BUNDLE_DIR.exec(segment);
      if (bundle && index === 0) this.add('host', bundle[1]!);
      const pod = POD_DIR.exec(segment);
      if (pod) {
        this.add('name', pod[1]!);
        this.addPod(pod[2]!);
        const container = segments[index + 1];
        if (container !== undefined && index + 2 < segments.length) this.add('name', container);
      }
      const link = CONTAINER_LOG.exec(segment);
      if (link) {
        this.addPod(link[1]!);
        this.add('name', link[2]!);
        this.add('name', link[3]!);
      }
    });
  }

  learnLine(line: string): void {
    if (line.length > 8192) return;
    for (const [kind, pattern] of LINE_RULES) {
      const match = pattern.exec(line);
      if (!match) continue;
      if (kind === 'pod') this.addPod(match[1]!);
      else if (kind === 'podRef') {
        this.add('name', match[1]!);
        this.addPod(match[2]!);
      } else this.add(kind, match[1]!);
    }
  }

  /** What another reader learned (a learning thread): values that were checked when that reader added them. */
  join(learned: { hosts: string[]; users: string[]; names: string[] }): void {
    for (const host of learned.hosts) this.hosts.add(host);
    for (const user of learned.users) this.users.add(user);
    for (const name of learned.names) this.names.add(name);
  }

  /** Words to replace, longest first (so `worker-3.corp` wins over `worker-3`), with their kind. */
  words(): [string, VocabularyKind][] {
    const all = new Map<string, VocabularyKind>();
    for (const name of this.names) all.set(name.toLowerCase(), 'name');
    for (const user of this.users) all.set(user.toLowerCase(), 'user');
    for (const host of this.hosts) all.set(host.toLowerCase(), 'host');
    return [...all.entries()].sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  }

  private addPod(pod: string): void {
    if (!this.withNames || !NAME.test(pod)) return;
    this.add('name', ownerName(pod));
  }

  private add(kind: VocabularyKind, value: string): void {
    const lower = value.toLowerCase();
    if (kind === 'host') {
      if (!HOST.test(value) || COMMON_HOSTS.has(lower) || /^\d+(\.\d+)*$/.test(value)) return;
      this.hosts.add(detach(value));
      const first = value.split('.')[0]!;
      if (first !== value && !COMMON_HOSTS.has(first.toLowerCase())) this.hosts.add(detach(first));
    } else if (kind === 'user') {
      if (USER.test(value) && !COMMON_USERS.has(lower) && !STRUCTURE_WORDS.has(lower) && !lower.startsWith('systemd-') && !/^\d+$/.test(value)) this.users.add(detach(value));
    } else if (this.withNames && NAME.test(value) && !COMMON_NAMES.has(lower) && !STRUCTURE_WORDS.has(lower) && value.length >= 2) {
      this.names.add(detach(value));
    }
  }
}
