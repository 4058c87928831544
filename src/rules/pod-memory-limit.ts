/**
 * A pod's own memory limit was hit (`limitLevel: pod`): the sum of its containers' usage reached
 * the pod cgroup's limit (the sum of the container limits, or a pod-level limit), and the kernel
 * killed a process in one of them.
 */
import { defineRule } from './define-rule.js';
import { limitKillCommands } from './oom-command-helpers.js';
import { killsBySubject, limitText, oomEvidence } from './oom-helpers.js';
import { groupBy } from './rule-helpers.js';

export const podMemoryLimit = defineRule({
  id: 'pod-memory-limit',
  title: 'Pod killed at its pod-level memory limit',
  severity: 'warning',
  severities: {
    critical: 'the same pod was killed two or more times',
    warning: 'one kill in a pod',
  },
  requires: [['kernel', 'journal']],
  messages: {
    once: '{namespace}/{pod} reached its pod memory limit of {limit}; the kernel killed "{process}" (pid {pid}) in container {container}',
    repeated: '{namespace}/{pod} reached its pod memory limit of {limit} {kills:time}',
  },
  check(model, report) {
    const kills = model.oomKills.filter((kill) => kill.scope === 'memcg' && kill.limitLevel === 'pod');
    const byPod = groupBy(kills, (kill) => kill.podUid ?? kill.oomMemcg ?? '?');
    for (const podKills of byPod.values()) {
      const last = podKills.at(-1)!;
      const containers = killsBySubject(podKills).map((group) => group.kills[0]!.container ?? group.kills[0]!.process);
      report({
        messageId: podKills.length > 1 ? 'repeated' : 'once',
        severity: podKills.length > 1 ? 'critical' : 'warning',
        data: {
          namespace: last.namespace,
          pod: last.pod ?? last.podUid,
          container: last.container,
          containers,
          kills: podKills.length,
          limit: limitText(last.memoryLimitKb),
          limitKb: last.memoryLimitKb,
          process: last.process,
          pid: last.pid,
          qosClass: last.qosClass,
        },
        subject: { namespace: last.namespace, pod: last.pod },
        time: last.time,
        evidence: oomEvidence(podKills),
        commands: limitKillCommands(model, podKills, 'pod'),
      });
    }
  },
});
