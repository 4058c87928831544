/**
 * What the collector should say about a host root: the "this does not look like a Kubernetes
 * node" warning, read from the root's own files and processes (the same places the collector
 * looks, in src/collector/lib/70-node-check.sh), so that live tests can assert against the
 * machine they run on, be it a laptop or a real node.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const KUBELET_PATHS = [
  '/var/lib/kubelet',
  '/etc/systemd/system/kubelet.service',
  '/lib/systemd/system/kubelet.service',
  '/usr/lib/systemd/system/kubelet.service',
  '/usr/bin/kubelet',
  '/usr/local/bin/kubelet',
];
const RUNTIME_PATHS = [
  '/run/containerd',
  '/var/lib/containerd',
  '/etc/containerd',
  '/run/crio',
  '/var/lib/crio',
  '/etc/crio',
  '/run/docker.sock',
  '/var/lib/docker',
  '/run/k3s/containerd',
  '/var/lib/rancher/rke2/agent/containerd',
];
const RUNTIME_COMMS = ['containerd', 'crio', 'dockerd'];

/** Is a process with one of these names in the /proc folder `proc`? */
export function processRuns(proc: string, names: string[]): boolean {
  for (const pid of readdirSync(proc).filter((name) => /^\d+$/.test(name))) {
    try {
      if (names.includes(readFileSync(join(proc, pid, 'comm'), 'utf8').replace(/\n$/, ''))) return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The warning's text (after `podmortem-collect: warning: `) for the host root `root` ('' for the
 * machine itself) with processes in `proc`, or null when the root looks like a Kubernetes node.
 * `shownRoot` is the root as the collector names it (/host in a debug pod). Links are followed
 * from this machine's /: use it on roots without absolute links.
 */
export function notKubernetesWarning(root: string, proc: string, shownRoot = root): string | null {
  const missing: string[] = [];
  const present = (paths: string[]) => paths.some((path) => existsSync(root + path));
  if (!processRuns(proc, ['kubelet']) && !present(KUBELET_PATHS)) missing.push('no kubelet');
  if (!present(RUNTIME_PATHS) && !processRuns(proc, RUNTIME_COMMS)) missing.push('no container runtime');
  if (!isDirectory(`${root}/var/log/pods`)) missing.push('no /var/log/pods');
  if (missing.length === 0) return null;
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return `this does not look like a Kubernetes node: ${list} found${shownRoot ? ` under ${shownRoot}` : ''}; the bundle holds what this host has`;
}
