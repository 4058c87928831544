/**
 * A container hit its own memory limit (`scope: memcg`, `limitLevel: container`): the kernel killed
 * a process in it. Repeated kills of the same container are a crash loop on memory.
 */
import { defineRule } from './define-rule.js';
import { limitKillCommands } from './oom-command-helpers.js';
import { killsBySubject, limitText, oomEvidence } from './oom-helpers.js';

export const containerMemoryLimit = defineRule({
  id: 'container-memory-limit',
  title: 'Container killed at its own memory limit',
  severity: 'warning',
  severities: {
    critical: 'the same container was killed two or more times: a crash loop on memory',
    warning: 'one kill of a container',
  },
  requires: [['kernel', 'journal']],
  messages: {
    once: '{namespace}/{pod} container {container} was OOM-killed at its memory limit of {limit} ("{process}", pid {pid})',
    repeated: '{namespace}/{pod} container {container} was OOM-killed {kills:time} at its memory limit of {limit}: a crash loop on memory',
  },
  check(model, report) {
    const kills = model.oomKills.filter((kill) => kill.scope === 'memcg' && kill.limitLevel === 'container');
    for (const group of killsBySubject(kills)) {
      const last = group.kills.at(-1)!;
      const data = {
        namespace: last.namespace,
        pod: last.pod ?? last.podUid,
        container: last.container ?? last.containerId?.slice(0, 12) ?? null,
        kills: group.kills.length,
        limit: limitText(last.memoryLimitKb),
        limitKb: last.memoryLimitKb,
        qosClass: last.qosClass,
        process: last.process,
        pid: last.pid,
        firstKill: group.kills[0]!.time,
        lastKill: last.time,
      };
      report({
        messageId: group.kills.length > 1 ? 'repeated' : 'once',
        severity: group.kills.length > 1 ? 'critical' : 'warning',
        data,
        subject: { namespace: last.namespace, pod: last.pod, container: last.container },
        time: last.time,
        evidence: oomEvidence(group.kills),
        commands: limitKillCommands(model, group.kills),
      });
    }
  },
});
