/**
 * The kubelet's pod lifecycle event generator (PLEG) lists the runtime's containers every second;
 * when a list has not finished for 3 minutes the kubelet stops syncing pods and reports the node
 * NotReady (kubelet-node-classifiers.ts):
 *
 *   "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.416753742s ago; threshold is 3m0s"
 *
 * The runtime did not answer in time: it hangs, is overloaded, or the node is (disk I/O, CPU).
 * One finding for the node: how often, and the longest time the PLEG was not seen active.
 */
import { defineRule } from './define-rule.js';
import { eventEvidence, eventsOf, goDurationSeconds, longestDuration, notKeptData, timeSpan, lacksServiceLines } from './service-event-helpers.js';
import { remedyFacts, suggest } from './command-helpers.js';
import { fixed, kubeletLogs, nodeConditions, runtimeService } from './node-command-helpers.js';

/**
 * The PLEG threshold (3 min) plus the 300 s the control plane tolerates a NotReady node before it
 * evicts its pods (the default `node.kubernetes.io/not-ready` toleration): beyond that, an
 * unhealthy PLEG has cost the node its pods.
 */
const PODS_LOST_SECONDS = 180 + 300;

export const plegUnhealthy = defineRule({
  id: 'pleg-unhealthy',
  title: 'PLEG is not healthy: the container runtime did not answer the kubelet',
  severity: 'warning',
  severities: {
    critical: 'PLEG stayed unhealthy 8 minutes or more (the node goes NotReady and pods are lost)',
    warning: 'a shorter spell',
  },
  requires: [['journal', 'kernel']],
  lacks: lacksServiceLines,
  messages: {
    unhealthy: 'The kubelet reported PLEG is not healthy {reports|atLeast:time}; the runtime was last seen active up to {longest} before (threshold {threshold})',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    return [
      kubeletLogs(facts, finding.time, 'PLEG is not healthy|relist', true),
      nodeConditions(facts),
      suggest(
        'how long the runtime takes to list every container (PLEG waits for this)',
        facts.runtime === 'docker' ? 'time docker ps -a -q | wc -l' : facts.runtime === null ? null : 'time crictl ps -a -q | wc -l',
      ),
      ...runtimeService(facts, finding.time),
      fixed('a slow disk or hung tasks behind a slow runtime', "iostat -x 1 3; dmesg -T | grep -i 'blocked for more than' | tail"),
    ];
  },
  check(model, report) {
    const events = eventsOf(model, ['pleg-unhealthy']);
    if (events.length === 0) return;
    const longest = longestDuration(events.map((event) => event.lastSeenAgo));
    const span = timeSpan(events);
    const threshold = events.find((event) => event.threshold !== null)?.threshold ?? null;
    report({
      messageId: 'unhealthy',
      severity: longest !== null && longest.seconds >= PODS_LOST_SECONDS ? 'critical' : 'warning',
      data: {
        reports: events.length,
        longest: longest?.text ?? null,
        longestSeconds: longest === null ? null : Math.round(longest.seconds * 1000) / 1000,
        threshold,
        thresholdSeconds: goDurationSeconds(threshold),
        ...span,
        ...notKeptData(model, ['pleg-unhealthy']),
      },
      subject: null,
      time: span.firstTime,
      evidence: eventEvidence(events),
    });
  },
});
