/**
 * The node reported MemoryPressure, DiskPressure or PIDPressure: the kubelet records a node event
 * each time a condition changes (kubelet-node-classifiers.ts), e.g.
 *
 *   "Event occurred" object="worker-7" kind="Node" reason="NodeHasInsufficientMemory" message="Node worker-7 status is now: NodeHasInsufficientMemory"
 *   "Event occurred" object="worker-7" kind="Node" reason="NodeHasSufficientMemory" message="Node worker-7 status is now: NodeHasSufficientMemory"
 *
 * One finding per node and condition that was true at some point: when it began and ended, how
 * long it lasted, and whether the node was still under pressure when the logs end. The
 * "sufficient" events the kubelet records at every start, with no pressure before, are not findings.
 */
import { defineRule } from './define-rule.js';
import { eventEvidence, eventsOf, notKeptData, type EventOf, lacksServiceLines } from './service-event-helpers.js';
import { groupBy } from './rule-helpers.js';
import { remedyFacts, runtimeRoot, sh, suggest } from './command-helpers.js';
import { fixed, kubeletEvictionSettings, kubeletLogs, nodeConditions } from './node-command-helpers.js';

const PRESSURE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

type ConditionEvent = EventOf<'node-condition'>;

interface Episode {
  entered: ConditionEvent;
  left: ConditionEvent | null;
}

export const nodePressure = defineRule({
  id: 'node-pressure',
  title: 'Node under memory, disk or PID pressure',
  severity: 'warning',
  severities: {
    critical: 'the pressure condition was still on at the end of the evidence',
    warning: 'the condition came and went',
  },
  requires: [['journal', 'kernel']],
  lacks: lacksServiceLines,
  messages: {
    ongoing: 'Node {node} reported {condition} from {lastEntered} and was still under it when the logs end ({episodes|atLeast:episode})',
    resolved: 'Node {node} reported {condition} {episodes|atLeast:time}, for {pressureSeconds} s in all, the last from {lastEntered} to {lastLeft}',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const node = typeof finding.data.node === 'string' ? { ...facts, node: finding.data.node } : facts;
    const condition = String(finding.data.condition ?? '');
    const taints = sh`kubectl get node ${node.node} -o jsonpath=`;
    const root = runtimeRoot(facts);
    return [
      nodeConditions(node),
      suggest('the taints the condition put on the node (new pods stay away)', taints === null ? null : `${taints}'{.spec.taints}{"\\n"}'`),
      kubeletLogs(facts, finding.time, 'NodeHas|eviction manager'),
      condition === 'MemoryPressure' ? fixed('memory available now, and its pressure', 'free -m; cat /proc/pressure/memory') : null,
      condition === 'DiskPressure' ? suggest("the kubelet's and the runtime's filesystems now: bytes and inodes", sh`df -h /var/lib/kubelet ${root} /var/log; df -i /var/lib/kubelet ${root}`) : null,
      condition === 'PIDPressure' ? fixed('process ids in use against the limit', 'cat /proc/sys/kernel/pid_max; ps -eLf | wc -l') : null,
      // The condition is the kubelet's eviction threshold crossed: where this kubelet sets it.
      kubeletEvictionSettings(facts),
    ];
  },
  check(model, report) {
    const events = eventsOf(model, ['node-condition']).filter((event) => event.condition !== null && PRESSURE_CONDITIONS.includes(event.condition) && event.status !== null);
    const notKept = notKeptData(model, ['node-condition']);
    for (const group of groupBy(events, (event) => `${event.node ?? ''}\u0000${event.condition}`).values()) {
      const episodes = episodesOf(group);
      const last = episodes.at(-1);
      if (!last) continue;
      const ongoing = last.left === null;
      const first = group[0] as ConditionEvent;
      report({
        messageId: ongoing ? 'ongoing' : 'resolved',
        severity: ongoing ? 'critical' : 'warning',
        data: {
          node: first.node ?? model.node.name,
          condition: first.condition,
          episodes: episodes.length,
          stillUnderPressure: ongoing,
          firstEntered: episodes[0]?.entered.time.utc ?? null,
          lastEntered: last.entered.time.utc,
          lastLeft: last.left?.time.utc ?? null,
          pressureSeconds: closedSeconds(episodes),
          ongoingSeconds: ongoing ? secondsUntil(last.entered, model.node.collectionStart) : null,
          periods: episodes.map(periodText),
          ...notKept,
        },
        subject: null,
        time: last.entered.time.utc,
        evidence: eventEvidence(episodes.flatMap((episode) => (episode.left ? [episode.entered, episode.left] : [episode.entered]))),
      });
    }
  },
});

/** Condition changes → periods under pressure; repeated "has pressure" events extend the open one. */
function episodesOf(events: readonly ConditionEvent[]): Episode[] {
  const episodes: Episode[] = [];
  let open: Episode | null = null;
  for (const event of events) {
    if (event.status === true && open === null) episodes.push((open = { entered: event, left: null }));
    else if (event.status === false && open !== null) {
      open.left = event;
      open = null;
    }
  }
  return episodes;
}

/** Seconds under pressure in the periods that ended (an open one has no known end). */
function closedSeconds(episodes: readonly Episode[]): number | null {
  let total = 0;
  for (const { entered, left } of episodes) {
    if (!left) continue;
    if (entered.time.utcMs === null || left.time.utcMs === null) return null;
    total += (left.time.utcMs - entered.time.utcMs) / 1000;
  }
  return Math.round(total);
}

/** How long an open period had lasted when the bundle was collected. */
function secondsUntil(entered: ConditionEvent, collectedAt: string | null): number | null {
  const end = collectedAt ? Date.parse(collectedAt) : Number.NaN;
  return entered.time.utcMs === null || Number.isNaN(end) ? null : Math.max(0, Math.round((end - entered.time.utcMs) / 1000));
}

function periodText({ entered, left }: Episode): string {
  return `${entered.time.utc ?? entered.time.text} – ${left ? (left.time.utc ?? left.time.text) : 'end of logs'}`;
}
