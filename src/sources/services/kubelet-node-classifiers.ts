/**
 * kubelet messages about the node: the eviction manager, admission under pressure, system OOM,
 * node conditions and image garbage collection. Each classifier accepts the structured wording (klog
 * `InfoS`, k8s ≥ 1.21) and the older printf wording. Real lines:
 *
 *   I0928 05:37:59.659033 2865036 eviction_manager.go:369] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"
 *   W0905 15:42:16.777355   23506 eviction_manager.go:332] eviction manager: attempting to reclaim nodefs
 *   E1207 00:37:53.229638     688 eviction_manager.go:351] eviction manager: eviction thresholds have been met, but no pods are active to evict
 *   I0527 09:00:05.110852    1025 eviction_manager.go:167] "Failed to admit pod to node" pod="monitoring/prometheus-k8s-0" nodeCondition=[DiskPressure]
 *   I0603 15:36:24.878735    5645 kubelet_node_status.go:687] "Recording event message for node" node="node02" event="NodeHasNoDiskPressure"
 *   E0618 00:00:14.229086  391617 kubelet.go:1551] "Image garbage collection failed multiple times in a row" err="Failed to garbage collect required amount of images. Attempted to free 1290842112 bytes, but only found 0 bytes eligible to free."
 */
import type { LowResource, ServiceFacts } from './service-event.js';
import type { ServiceLine } from './service-line.js';
import { parsePodList, parsePodRef } from './pod-ref.js';
import { field, searchText, toInt, type MessageClassifier } from './message-classifier.js';

const MAX_RANKED_PODS = 50;

function resourceOf(line: ServiceLine, printed: string | undefined): string | null {
  const named = field(line, 'resourceName', 'resource');
  if (named) return named;
  return printed && printed !== 'resource' ? printed.replace(/[.,]$/, '') : null;
}

function evictionManager(line: ServiceLine): ServiceFacts | null {
  const text = line.msg;
  let m = /attempting to reclaim\s*(\S+)?/i.exec(text);
  if (m) return { kind: 'eviction-reclaim', resource: resourceOf(line, m[1]) };
  m = /able to reduce (\S+) pressure without evicting/i.exec(text);
  if (m) return { kind: 'eviction-reclaimed-without-evicting', resource: resourceOf(line, m[1]) };
  m = /must evict pod\(s\) to reclaim\s*(\S+)?/i.exec(text);
  if (m) return { kind: 'eviction-must-evict', resource: resourceOf(line, m[1]) };
  m = /pods ranked for eviction:?\s*(.*)$/is.exec(text);
  if (m) {
    const { pods, total } = parsePodList(field(line, 'pods') ?? m[1] ?? '', MAX_RANKED_PODS);
    return { kind: 'eviction-pods-ranked', pods, podCount: total };
  }
  m = /pod (?:(\S+) )?is evicted successfully/i.exec(text);
  if (m) return { kind: 'eviction-pod', outcome: 'evicted', pod: podOf(line, m[1]), lowResource: null };
  m = /pod (?:(\S+) )?failed to evict/i.exec(text);
  if (m) return { kind: 'eviction-pod', outcome: 'failed', pod: podOf(line, m[1]), lowResource: null };
  m = /cannot evict a critical (?:static )?pod:?\s*(\S+)?/i.exec(text);
  if (m) return { kind: 'eviction-critical-pod', pod: podOf(line, m[1]) };
  if (/no pods (?:are )?(?:active )?to evict/i.test(text)) return { kind: 'eviction-no-pods' };
  if (/unable to evict any pods/i.test(text)) return { kind: 'eviction-unable' };
  return null;
}

function podOf(line: ServiceLine, printed: string | undefined): ReturnType<typeof parsePodRef> {
  return parsePodRef(field(line, 'pod') ?? printed, field(line, 'podUID'));
}

/** `The node was low on resource: memory. Threshold quantity: 750Mi, available: 225800Ki.` */
export function lowResourceOf(text: string | null): LowResource | null {
  if (!text) return null;
  const m = /low on resource: ([\w.-]+)\.(?: Threshold quantity: ([^,]+), available: ([^.\s]+(?:\.\d+)?[A-Za-z]*))?/.exec(text);
  return m ? { resource: m[1] as string, threshold: m[2] ?? null, available: m[3] ?? null } : null;
}

/** V(3) `"Evicting pod" pod="default/nginx" podUID=… message="The node was low on resource: …"`. */
function evictingPod(line: ServiceLine): ServiceFacts | null {
  if (!/^Evicting pod\b/.test(line.msg) && !/low on resource:/.test(line.msg)) return null;
  const lowResource = lowResourceOf(field(line, 'message') ?? line.msg);
  return { kind: 'eviction-pod', outcome: 'evicting', pod: podOf(line, undefined), lowResource };
}

function admission(line: ServiceLine): ServiceFacts | null {
  const old = /Failed to admit pod (\S+) - node has conditions: (\[[^\]]*\])/.exec(line.msg);
  if (old) return { kind: 'admission-rejected', pod: parsePodRef(old[1]), nodeConditions: conditionList(old[2] as string) };
  if (!/^Failed to admit pod\b/.test(line.msg)) return null;
  const conditions = field(line, 'nodeCondition', 'conditions');
  return { kind: 'admission-rejected', pod: podOf(line, undefined), nodeConditions: conditions ? conditionList(conditions) : [] };
}

function conditionList(text: string): string[] {
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((item) => item.replace(/"/g, ''))
    .filter((item) => /^\w+$/.test(item));
}

/**
 * `System OOM encountered, victim process: <comm>, pid: <pid>` (the node event, k8s ≥ 1.13),
 * `System OOM encountered:  process pid 123, process name: x` (1.12), and the klog
 * `Got sys oom event: &{11207 stress …}` / `"Got sys oom event" event="&{Pid:11207 ProcessName:stress …}"`.
 */
function systemOom(line: ServiceLine): ServiceFacts | null {
  const text = `${line.msg} ${field(line, 'event', 'message') ?? ''}`;
  let m = /System OOM encountered, victim process: (.+?), pid: (\d+)/.exec(text);
  if (m) return { kind: 'system-oom', victimComm: m[1] as string, victimPid: Number(m[2]) };
  m = /System OOM encountered:\s+process pid (\d+), process name: (.+?)\s*$/.exec(text);
  if (m) return { kind: 'system-oom', victimComm: m[2] as string, victimPid: Number(m[1]) };
  if (/System OOM encountered/.test(text)) return { kind: 'system-oom', victimComm: null, victimPid: null };
  if (!/Got sys oom event/.test(text)) return null;
  m = /Pid:(\d+) ProcessName:(\S+)/.exec(text) ?? /&\{(\d+) (\S+)/.exec(text);
  return { kind: 'system-oom', victimComm: m ? (m[2] as string) : null, victimPid: m ? Number(m[1]) : null };
}

/** Node event reasons and condition reasons → the condition they report on. */
const CONDITION_EVENTS: Record<string, [condition: string, status: boolean]> = {
  NodeHasSufficientMemory: ['MemoryPressure', false],
  NodeHasInsufficientMemory: ['MemoryPressure', true],
  KubeletHasSufficientMemory: ['MemoryPressure', false],
  KubeletHasInsufficientMemory: ['MemoryPressure', true],
  NodeHasNoDiskPressure: ['DiskPressure', false],
  NodeHasDiskPressure: ['DiskPressure', true],
  KubeletHasNoDiskPressure: ['DiskPressure', false],
  KubeletHasDiskPressure: ['DiskPressure', true],
  NodeHasSufficientPID: ['PIDPressure', false],
  NodeHasInsufficientPID: ['PIDPressure', true],
  KubeletHasSufficientPID: ['PIDPressure', false],
  KubeletHasInsufficientPID: ['PIDPressure', true],
  NodeReady: ['Ready', true],
  NodeNotReady: ['Ready', false],
  KubeletReady: ['Ready', true],
  KubeletNotReady: ['Ready', false],
};

function nodeCondition(line: ServiceLine): ServiceFacts | null {
  const old = /Node (\S+) status is now: (\w+)/.exec(line.msg);
  const event = old ? (old[2] as string) : field(line, 'event');
  if (event && (old || /Recording event message for node/.test(line.msg))) {
    const known = CONDITION_EVENTS[event];
    return { kind: 'node-condition', node: old ? (old[1] as string) : field(line, 'node'), event, condition: known?.[0] ?? null, status: known?.[1] ?? null };
  }
  if (/^Node became not ready/.test(line.msg)) {
    return { kind: 'node-condition', node: field(line, 'node'), event: 'NodeNotReady', condition: 'Ready', status: false };
  }
  return null;
}

function imageGc(line: ServiceLine): ServiceFacts | null {
  const text = searchText(line);
  const over = /Disk usage on image filesystem is (?:at (\d+)% which is )?over the high threshold(?: \((\d+)%\))?\.?(?: Trying to free (\d+) bytes down to the low threshold \((\d+)%\))?/.exec(text);
  if (over) {
    return {
      kind: 'image-fs-over-threshold',
      usagePercent: toInt(field(line, 'usage') ?? over[1]),
      highThreshold: toInt(field(line, 'highThreshold') ?? over[2]),
      lowThreshold: toInt(field(line, 'lowThreshold') ?? over[4]),
      bytesToFree: toInt(field(line, 'amountToFree') ?? over[3]),
    };
  }
  if (!/garbage collect(?:ion failed| required amount of images)/i.test(text)) return null;
  const bytes = /(?:Attempted|Wanted) to free (\d+) bytes, but (?:only found|freed) (\d+) bytes/.exec(text);
  return { kind: 'image-gc-failed', bytesToFree: bytes ? Number(bytes[1]) : null, bytesFreed: bytes ? Number(bytes[2]) : null };
}

/** `"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.41s ago; threshold is 3m0s"`. */
function plegUnhealthy(line: ServiceLine): ServiceFacts | null {
  const text = searchText(line);
  if (!text.includes('PLEG is not healthy')) return null;
  const m = /pleg was last seen active (\S+) ago; threshold is ([\w.]+)/.exec(text);
  return { kind: 'pleg-unhealthy', lastSeenAgo: m?.[1] ?? null, threshold: m?.[2]?.replace(/\.$/, '') ?? null };
}

export const KUBELET_NODE_CLASSIFIERS: readonly MessageClassifier[] = [
  { needles: ['viction manager'], match: evictionManager },
  { needles: ['Evicting pod', 'low on resource:'], match: evictingPod },
  { needles: ['Failed to admit pod'], match: admission },
  { needles: ['System OOM encountered', 'Got sys oom event'], match: systemOom },
  { needles: ['status is now:', 'Recording event message for node', 'Node became not ready'], match: nodeCondition },
  { needles: ['PLEG is not healthy'], match: plegUnhealthy },
  { needles: ['garbage collect', 'Disk usage on image filesystem'], match: imageGc },
];
