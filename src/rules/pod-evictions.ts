/**
 * The kubelet's eviction manager ran out of a resource and evicted pods (or tried to). Its lines
 * (kubelet-node-classifiers.ts) come as a cycle:
 *
 *   "Eviction manager: attempting to reclaim" resourceName="memory"
 *   "Eviction manager: must evict pod(s) to reclaim" resourceName="memory"
 *   "Eviction manager: pods ranked for eviction" pods=["default/batch-import-6c9f7d8b5-qw2er", …]
 *   "Event occurred" object="default/batch-import-…" reason="Evicted" message="The node was low on resource: memory. Threshold quantity: 200Mi, available: 141204Ki. "
 *   "Eviction manager: pod is evicted successfully" pod="default/batch-import-6c9f7d8b5-qw2er"
 *   "Eviction manager: eviction thresholds have been met, but no pods are active to evict"
 *
 * One finding per resource, with the evicted pods and the threshold and available values the
 * eviction message shows, and one when the thresholds were met with no pod left to evict (the
 * pressure is not the pods'); pods refused at admission under a node condition get one per condition.
 */
import { EVICTION_CYCLE_KINDS, type LowResource } from '../sources/services/index.js';
import { formatBytes } from '../util/format-bytes.js';
import { defineRule, type FindingInput } from './define-rule.js';
import { eventEvidence, eventsOf, notKeptData, podName, quantityValue, timeSpan, type EventOf, type NotKeptData, lacksServiceLines } from './service-event-helpers.js';
import { distinct, groupBy } from './rule-helpers.js';
import { remedyFacts, runtimeRoot, sh, suggest } from './command-helpers.js';
import { fixed, kubeletEvictionSettings, kubeletLogs, nodeConditions } from './node-command-helpers.js';
import { describePod } from './pod-command-helpers.js';

/** Pods named in one finding's data; the count says how many there were in all. */
const MAX_PODS_LISTED = 20;

type CycleEvent = EventOf<(typeof EVICTION_CYCLE_KINDS)[number]>;

type MessageId = 'evicted' | 'evicted-below-threshold' | 'eviction-failed' | 'no-pods-to-evict' | 'reclaimed' | 'admission-rejected';

interface ResourceCycle {
  resource: string | null;
  events: CycleEvent[];
  /** Pod → how its eviction ended (`evicted` also when only announced). */
  outcomes: Map<string, 'evicted' | 'failed'>;
  firstEviction: string | null;
  lowResource: LowResource | null;
  ranked: { pods: string[]; count: number } | null;
  criticalPods: Set<string>;
  unable: number;
  /** Times the thresholds were met with no running pod to evict. */
  noPods: number;
  reclaims: number;
  mustEvict: number;
}

export const podEvictions = defineRule({
  id: 'pod-evictions',
  title: 'Pods evicted by the kubelet',
  severity: 'critical',
  severities: {
    critical: 'the kubelet evicted pods',
    warning: 'evictions were attempted and failed, found no pod to evict, or pods were rejected at admission',
    info: 'the kubelet reclaimed resources without evicting',
  },
  requires: [['journal', 'kernel']],
  lacks: lacksServiceLines,
  messages: {
    evicted: 'The kubelet evicted {evictions|atLeast:pod} to reclaim {resource}: {pods}',
    'evicted-below-threshold': 'The kubelet evicted {evictions|atLeast:pod} to reclaim {resource} (available {availableAmount}, threshold {thresholdAmount}): {pods}',
    'eviction-failed':
      'The kubelet had to evict pods to reclaim {resource} but evicted none ({failures|atLeast} failed, {criticalSpared|atLeast:critical pod} spared, {unable|atLeast:time} no pod could be evicted)',
    'no-pods-to-evict':
      'The node was short of {resource} with no running pod to evict ({noPodsToEvict|atLeast:time}): what uses it is not a pod (node daemons, the kernel, images, logs or files outside pod volumes)',
    reclaimed: 'The kubelet reclaimed {resource} {reclaims|atLeast:time} without evicting pods',
    'admission-rejected': 'The kubelet refused {rejections|atLeast:pod} while the node had {conditions}: {pods}',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const named = finding.subject?.pod ? [{ namespace: finding.subject.namespace, pod: finding.subject.pod }] : podRefs(finding.data.pods).slice(0, 2);
    const evicted = sh`kubectl get pods -A --field-selector status.phase=Failed,spec.nodeName=${facts.node}`;
    return [
      ...named.map((ref) => describePod(ref, finding.messageId === 'admission-rejected' ? 'the pod: why the kubelet refused it' : 'the pod: Reason Evicted and the resource it was evicted for')),
      nodeConditions(facts),
      kubeletLogs(facts, finding.time, 'eviction manager|evict|admit'),
      suggest('the failed (evicted) pods left on the node', evicted === null ? null : `${evicted} | grep -i evicted`),
      resourceNow(String(finding.data.resource ?? finding.data.conditions ?? ''), runtimeRoot(facts)),
      kubeletEvictionSettings(facts),
    ];
  },
  check(model, report) {
    const cycleNotKept = notKeptData(model, EVICTION_CYCLE_KINDS);
    for (const cycle of resourceCycles(eventsOf(model, EVICTION_CYCLE_KINDS))) for (const finding of cycleFindings(cycle, cycleNotKept)) report(finding);
    const rejected = eventsOf(model, ['admission-rejected']);
    for (const [conditions, events] of groupBy(rejected, (event) => event.nodeConditions.join(', ') || 'unknown')) {
      const pods = distinct(
        events.map((event) => (event.pod ? podName(event.pod) : null)),
        Number.POSITIVE_INFINITY,
      );
      const span = timeSpan(events);
      report({
        messageId: 'admission-rejected',
        severity: 'warning',
        data: { conditions, rejections: pods.length, pods: pods.slice(0, MAX_PODS_LISTED), attempts: events.length, ...span, ...notKeptData(model, ['admission-rejected']) },
        subject: pods.length === 1 && events[0]?.pod ? { namespace: events[0].pod.namespace, pod: events[0].pod.name } : null,
        time: span.firstTime,
        evidence: eventEvidence(events),
      });
    }
  },
});

/** Walks the manager's lines in time order, filing each under the resource it was reclaiming. */
function resourceCycles(events: readonly CycleEvent[]): ResourceCycle[] {
  const cycles = new Map<string, ResourceCycle>();
  const resourceOfPod = new Map<string, string | null>();
  let current: string | null = null;
  for (const event of events) {
    let resource = current;
    if (event.kind === 'eviction-reclaim' || event.kind === 'eviction-must-evict' || event.kind === 'eviction-reclaimed-without-evicting') resource = current = event.resource ?? current;
    const pod = 'pod' in event && event.pod ? podName(event.pod) : null;
    if (event.kind === 'eviction-pod') {
      resource = event.lowResource?.resource ?? (pod !== null ? resourceOfPod.get(pod) : undefined) ?? current;
      if (pod !== null) resourceOfPod.set(pod, resource);
    }
    const key = resource ?? '';
    let cycle = cycles.get(key);
    if (!cycle) cycles.set(key, (cycle = newCycle(resource)));
    note(cycle, event, pod);
  }
  return [...cycles.values()];
}

function newCycle(resource: string | null): ResourceCycle {
  return { resource, events: [], outcomes: new Map(), firstEviction: null, lowResource: null, ranked: null, criticalPods: new Set(), unable: 0, noPods: 0, reclaims: 0, mustEvict: 0 };
}

function note(cycle: ResourceCycle, event: CycleEvent, pod: string | null): void {
  cycle.events.push(event);
  switch (event.kind) {
    case 'eviction-reclaim':
      cycle.reclaims += 1;
      break;
    case 'eviction-must-evict':
      cycle.mustEvict += 1;
      break;
    case 'eviction-pods-ranked':
      cycle.ranked = { pods: event.pods.slice(0, MAX_PODS_LISTED).map(podName), count: event.podCount };
      break;
    case 'eviction-critical-pod':
      if (pod !== null) cycle.criticalPods.add(pod);
      break;
    case 'eviction-unable':
      cycle.unable += 1;
      break;
    case 'eviction-no-pods':
      cycle.noPods += 1;
      break;
    case 'eviction-pod':
      cycle.lowResource = event.lowResource ?? cycle.lowResource;
      if (pod === null) break;
      if (event.outcome === 'failed') cycle.outcomes.set(pod, 'failed');
      else if (event.outcome === 'evicted' || !cycle.outcomes.has(pod)) cycle.outcomes.set(pod, 'evicted');
      if (event.outcome !== 'failed') cycle.firstEviction ??= event.time.utc;
      break;
  }
}

/**
 * One finding per resource cycle: the evictions, else the failed attempts, else the pressure no
 * pod could relieve, else the reclaims. Thresholds met with no pod to evict are said on their own
 * as well when the cycle also evicted or failed to: after the last pod went the pressure stayed.
 */
function cycleFindings(cycle: ResourceCycle, notKept: NotKeptData): FindingInput<MessageId>[] {
  const main = cycleFinding(cycle, notKept);
  if (cycle.noPods === 0 || main.messageId === 'no-pods-to-evict') return [main];
  const noPods = cycle.events.filter((event) => event.kind === 'eviction-no-pods');
  const span = timeSpan(noPods);
  return [main, { messageId: 'no-pods-to-evict', severity: 'warning', data: { ...main.data, ...span }, subject: null, time: span.firstTime, evidence: eventEvidence(noPods) }];
}

function cycleFinding(cycle: ResourceCycle, notKept: NotKeptData): FindingInput<MessageId> {
  const evicted = [...cycle.outcomes].filter(([, outcome]) => outcome === 'evicted').map(([pod]) => pod);
  const failed = [...cycle.outcomes].filter(([, outcome]) => outcome === 'failed').map(([pod]) => pod);
  const low = cycle.lowResource;
  const span = timeSpan(cycle.events);
  const data = {
    resource: cycle.resource ?? 'an unnamed resource',
    evictions: evicted.length,
    pods: evicted.slice(0, MAX_PODS_LISTED),
    failures: failed.length,
    failedPods: failed.slice(0, MAX_PODS_LISTED),
    criticalSpared: cycle.criticalPods.size,
    criticalPods: [...cycle.criticalPods].slice(0, MAX_PODS_LISTED),
    unable: cycle.unable,
    noPodsToEvict: cycle.noPods,
    reclaims: cycle.reclaims,
    threshold: low?.threshold ?? null,
    available: low?.available ?? null,
    thresholdBytes: cycle.resource === 'pids' ? null : quantityValue(low?.threshold ?? null),
    availableBytes: cycle.resource === 'pids' ? null : quantityValue(low?.available ?? null),
    // One readable unit for both (the kubelet writes `141204Ki` next to `200Mi`).
    thresholdAmount: amount(cycle.resource, low?.threshold ?? null),
    availableAmount: amount(cycle.resource, low?.available ?? null),
    rankedPods: cycle.ranked?.pods ?? [],
    rankedCount: cycle.ranked?.count ?? 0,
    firstEviction: cycle.firstEviction,
    ...span,
    ...notKept,
  };
  const podEvents = cycle.events.filter((event) => event.kind === 'eviction-pod');
  const evidence = [...eventEvidence(podEvents), ...eventEvidence(cycle.events.filter((event) => event.kind !== 'eviction-pod'))];
  const only = evicted.length === 1 ? podEvents.find((event) => event.pod && podName(event.pod) === evicted[0])?.pod : null;
  const subject = only ? { namespace: only.namespace, pod: only.name } : null;
  if (evicted.length > 0) {
    const messageId = low?.threshold && low.available ? 'evicted-below-threshold' : 'evicted';
    return { messageId, severity: 'critical', data, subject, time: cycle.firstEviction ?? span.firstTime, evidence };
  }
  const failedAttempts = failed.length > 0 || cycle.criticalPods.size > 0 || cycle.unable > 0;
  if (!failedAttempts && cycle.noPods > 0) return { messageId: 'no-pods-to-evict', severity: 'warning', data, subject: null, time: span.firstTime, evidence };
  const tried = failedAttempts || cycle.mustEvict > 0;
  return { messageId: tried ? 'eviction-failed' : 'reclaimed', severity: tried ? 'warning' : 'info', data, subject: null, time: span.firstTime, evidence };
}

/** `shop/checkout-7d9f…` → { namespace, pod }. */
function podRefs(value: unknown): { namespace: string; pod: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const text = String(item);
    const slash = text.indexOf('/');
    return slash > 0 ? [{ namespace: text.slice(0, slash), pod: text.slice(slash + 1) }] : [];
  });
}

/** The resource the kubelet was short of, as it is now. */
function resourceNow(resource: string, runtimeRoot: string | null) {
  if (/memory/i.test(resource)) return fixed('memory available now, and its pressure', 'free -m; cat /proc/pressure/memory');
  // The runtime's own folder when the bundle tells which runtime; else each one's, whichever exists.
  const roots = runtimeRoot ?? '/var/lib/containerd /var/lib/containers /var/lib/docker';
  if (/storage|nodefs|imagefs|disk/i.test(resource))
    return fixed("the kubelet's and the runtime's filesystems now: bytes and inodes", `df -h /var/lib/kubelet ${roots} 2>/dev/null; df -i /var/lib/kubelet ${roots} 2>/dev/null`);
  if (/pid/i.test(resource)) return fixed('process ids in use against the limit', 'cat /proc/sys/kernel/pid_max; ps -eLf | wc -l');
  return null;
}

/** A kubelet quantity as one reads it: bytes in binary units; a count of pids or inodes as written. */
function amount(resource: string | null, quantity: string | null): string | null {
  const bytes = resource === 'pids' || resource === 'inodes' ? null : quantityValue(quantity);
  return bytes === null ? quantity : formatBytes(bytes);
}
