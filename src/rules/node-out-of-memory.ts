/**
 * The node, not one container, ran out of memory: a global OOM (`scope: global`), or the pods
 * together hit the kubelet's node-allocatable cgroup (`/kubepods`) or a QoS tier's. The node is
 * overcommitted: limits add up to more than it has, or workloads run without limits. The finding
 * names what was killed, the pods at risk by QoS class, and the largest memory users.
 */
import { formatBytes } from '../archive/index.js';
import type { NodeModel } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { limitText, oomEvidence, victimName } from './oom-helpers.js';
import { kernelLogs, remedyFacts, sh, suggest } from './command-helpers.js';
import { kubepodsCounters } from './memory-command-helpers.js';
import { fixed } from './node-command-helpers.js';

/** How many of the largest processes to name. */
const TOP_USERS = 5;
/** How many at-risk pods to name. */
const AT_RISK_NAMED = 10;

export const nodeOutOfMemory = defineRule({
  id: 'node-out-of-memory',
  title: 'Node out of memory: the node is overcommitted',
  severity: 'critical',
  severities: {
    critical: 'any kill in a node-wide OOM',
  },
  requires: [['kernel', 'journal']],
  messages: {
    global: 'The node ran out of memory (OOM kills: {kills}); the kernel killed {victims}',
    allocatable: 'The pods together reached node allocatable ({limit}, the /kubepods cgroup; OOM kills: {kills}); the kernel killed {victims}',
    qos: 'The {tier} pods together reached their QoS tier limit ({limit}; OOM kills: {kills}); the kernel killed {victims}',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const node = sh`kubectl describe node ${facts.node}`;
    return [
      suggest('the memory requests and limits placed on the node, against what it can hold', node === null ? null : `${node} | grep -A12 'Allocated resources'`),
      fixed('the largest memory users on the node now', 'ps -eo pid,rss,comm --sort=-rss | head -15'),
      kubepodsCounters(facts),
      suggest("the kernel's OOM lines around the last kill", kernelLogs(finding.time, 'out of memory|oom-kill|killed process')),
      fixed('memory use of every pod the metrics server sees, largest first', 'kubectl top pods -A --sort-by=memory'),
    ];
  },
  check(model, report) {
    const kills = model.oomKills.filter((kill) => kill.scope === 'global' || kill.limitLevel === 'node-allocatable' || kill.limitLevel === 'qos');
    const kinds = { global: kills.filter((k) => k.scope === 'global'), allocatable: kills.filter((k) => k.limitLevel === 'node-allocatable'), qos: kills.filter((k) => k.limitLevel === 'qos') };
    for (const [messageId, group] of Object.entries(kinds) as [keyof typeof kinds, typeof kills][]) {
      if (group.length === 0) continue;
      const last = group.at(-1)!;
      report({
        messageId,
        data: {
          kills: group.length,
          victims: [...new Set(group.map(victimName))],
          limit: limitText(last.memoryLimitKb),
          tier: last.oomMemcg?.includes('besteffort') ? 'BestEffort' : 'Burstable',
          ...podsByQos(model),
          topMemoryUsers: topMemoryUsers(model),
          nodeMemory: model.node.memoryBytes === null ? null : formatBytes(model.node.memoryBytes),
          firstKill: group[0]!.time,
          lastKill: last.time,
        },
        time: last.time,
        evidence: oomEvidence(group),
      });
    }
  },
});

function podsByQos(model: NodeModel) {
  const count = (qos: string) => model.pods.filter((pod) => pod.qosClass === qos).length;
  const bestEffort = model.pods.filter((pod) => pod.qosClass === 'BestEffort').map((pod) => `${pod.namespace ?? '?'}/${pod.name ?? pod.uid}`);
  return { guaranteedPods: count('Guaranteed'), burstablePods: count('Burstable'), bestEffortPods: count('BestEffort'), atRisk: bestEffort.slice(0, AT_RISK_NAMED) };
}

/** The largest processes by resident memory at collection time, from ps (or top). */
function topMemoryUsers(model: NodeModel): string[] {
  const rows = (model.vitals.ps?.processes ?? []).filter((row) => row.rssKib !== null).map((row) => ({ name: row.comm ?? row.args ?? '?', pid: row.pid, kib: row.rssKib as number }));
  const fromTop = (model.vitals.top?.processes ?? []).filter((row) => row.resKib !== null).map((row) => ({ name: row.command ?? '?', pid: row.pid, kib: row.resKib as number }));
  return (rows.length > 0 ? rows : fromTop)
    .sort((a, b) => b.kib - a.kib)
    .slice(0, TOP_USERS)
    .map((row) => `${row.name} (pid ${row.pid}) ${formatBytes(row.kib * 1024)}`);
}
