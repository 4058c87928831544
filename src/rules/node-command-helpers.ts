/**
 * Filled-in commands about the node as a whole: its conditions in the API, its services, its
 * disks and kernel. Fixed commands (`vmstat 1 5`) need no value from the bundle; the others
 * are null when the value is unknown.
 */
import type { SuggestedCommand } from './define-rule.js';
import { Raw, runtimeUnit, sh, shellQuote, suggest, unitLogs, type RemedyFacts } from './command-helpers.js';

/** A command with no value from the bundle in it. */
export function fixed(purpose: string, command: string, changesCluster = false): SuggestedCommand {
  return { purpose, command, changesCluster };
}

/** The node's conditions (MemoryPressure, DiskPressure, PIDPressure, Ready) and their messages. */
export function nodeConditions(facts: RemedyFacts): SuggestedCommand | null {
  const path = `'{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\\n"}{end}'`;
  const command = sh`kubectl get node ${facts.node} -o jsonpath=`;
  return suggest("the node's conditions as the API server holds them now", command === null ? null : `${command}${path}`);
}

export function describeNode(facts: RemedyFacts, grep: string | null = null, purpose = 'the node: conditions, taints, allocated requests and limits'): SuggestedCommand | null {
  const command = sh`kubectl describe node ${facts.node}`;
  return suggest(purpose, command === null ? null : `${command}${grep ? ` | grep -iE ${shellQuote(grep)}` : ''}`);
}

/** Every pod the API server places on this node. */
export function podsOnNode(facts: RemedyFacts, purpose = 'the pods scheduled on this node, with their status'): SuggestedCommand | null {
  return suggest(purpose, sh`kubectl get pods -A -o wide --field-selector spec.nodeName=${facts.node}`);
}

/** The kubelet's (and the runtime's) log around a time, filtered. */
export function kubeletLogs(facts: RemedyFacts, time: string | null | undefined, grep: string, withRuntime = false): SuggestedCommand | null {
  const units = withRuntime ? ['kubelet', runtimeUnit(facts)] : ['kubelet'];
  return suggest(`what the kubelet${withRuntime ? ' and the runtime' : ''} logged then`, unitLogs(units, time, grep));
}

/**
 * Where this node's kubelet sets the thresholds its eviction manager and node conditions act on:
 * the `--config` file the kubelet was started with, when the bundle names it; else the flags of
 * the running kubelet (a kubelet without a config file takes them from flags or defaults).
 */
export function kubeletEvictionSettings(facts: RemedyFacts): SuggestedCommand | null {
  if (facts.kubeletConfig !== null) {
    return suggest(
      `the eviction thresholds and reservations set in the kubelet's config file (--config ${facts.kubeletConfig}); a threshold not listed comes from a flag or the default`,
      sh`grep -nE ${new Raw("'eviction|Reserved|enforceNodeAllocatable'")} ${facts.kubeletConfig}`,
    );
  }
  return fixed(
    'the eviction and reservation flags the running kubelet was started with, and its config file',
    "ps -o args= -C kubelet | grep -oE -- '--(eviction[a-z-]*|kube-reserved|system-reserved|enforce-node-allocatable|config)[= ][^ ]+'",
  );
}

/** The runtime service's own state and its log. */
export function runtimeService(facts: RemedyFacts, time: string | null | undefined): (SuggestedCommand | null)[] {
  const unit = runtimeUnit(facts);
  return [
    suggest('whether the kubelet and the runtime run, and since when', unit === null ? null : sh`systemctl status kubelet ${unit} --no-pager`),
    suggest('the errors the runtime logged then', unit === null ? null : unitLogs([unit], time, 'level=error|error|timeout')),
  ];
}

/** The runtime's image store: what it holds and how full its filesystem is. */
export function imageStore(facts: RemedyFacts): SuggestedCommand | null {
  if (facts.runtime === 'docker') return fixed("docker's disk use: images, containers, volumes", 'docker system df');
  if (facts.runtime === null) return null;
  return fixed("the runtime's image filesystem: bytes and inodes used", 'crictl imagefsinfo');
}

/** A block device by its kernel name (`nvme1n1`, `sda`): what it is and its error counters. */
export function deviceCommands(device: string | null | undefined): (SuggestedCommand | null)[] {
  const disk = device ? device.replace(/^\/dev\//, '') : null;
  const whole = disk ? disk.replace(/^(nvme\d+n\d+)p\d+$/, '$1').replace(/^((?:sd|vd|xvd)[a-z]+)\d+$/, '$1') : null;
  const path = whole ? `/dev/${whole}` : null;
  return [
    suggest(`which volume ${disk ?? 'the device'} is, and where it is mounted`, sh`lsblk -o NAME,SIZE,TYPE,FSTYPE,MOUNTPOINT,SERIAL ${path}`),
    suggest(`the kernel's lines about ${disk ?? 'the device'} this boot`, disk === null ? null : `dmesg -T | grep -F ${shellQuote(disk)} | tail -50`),
    suggest(`the disk's own health record`, whole?.startsWith('nvme') ? sh`nvme smart-log ${path}` : sh`smartctl -a ${path}`),
    suggest(`the extended I/O statistics of ${whole ?? 'the disk'} (skip the first report: since boot)`, sh`iostat -x -t ${whole} 1 5`),
  ];
}
